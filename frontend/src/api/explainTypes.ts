// "Why isn't it showing?" (ReconcileService.Explain). Field names and meaning:
// internal/workspace/explain_dto.go.
import type { workspace } from '../../wailsjs/go/models';
import type { Dto } from './types';

export type ExplainRequest = Dto<workspace.ExplainRequest>;
export type ExplainAction = Dto<workspace.ExplainAction>;
export type ExplainEntry = Dto<workspace.ExplainEntry>;
export type ExplainResult = Dto<workspace.ExplainResult>;
export type ExplainNames = Dto<workspace.ExplainNames>;

/** ExplainEntry.verdict. */
export type ExplainVerdict = 'card' | 'hidden';
/** ExplainAction.kind. */
export type ExplainActionKind = 'open_mapping' | 'sync';
