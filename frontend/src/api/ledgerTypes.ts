// Plain-data views of the true-up DTOs the Activity Log, Costs, Sanity check and guided-month
// screens use. Field names and meaning: internal/workspace/trueup_dto.go (the JSON names are
// the CLI contract). Quantities and money are exact decimal strings; lib/format.ts formats
// them with Intl without turning them into floats.
import type { workspace } from '../../wailsjs/go/models';
import type { Dto } from './types';

export type LedgerEntry = Dto<workspace.LedgerEntry>;
export type LedgerQuery = Dto<workspace.LedgerQuery>;
export type PushEntry = Dto<workspace.PushEntry>;
export type PlannedWrite = Dto<workspace.PlannedWrite>;
export type PushResult = Dto<workspace.ApproveResult>;
export type RevertPreview = Dto<workspace.RevertPreview>;
export type CostRow = Dto<workspace.CostRowDTO>;
export type VendorImpact = Dto<workspace.VendorImpact>;
export type SanityCheck = Dto<workspace.SanityCheck>;
export type SanityCard = Dto<workspace.CardDTO>;
export type MonthProgress = Dto<workspace.MonthProgress>;
export type MonthFreshness = Dto<workspace.Freshness>;
export type MonthUnmapped = Dto<workspace.UnmappedCount>;

/** LedgerEntry.state and PushEntry.state ("recorded": a decision without a write). */
export type LedgerState = 'queued' | 'sending' | 'pushed' | 'failed' | 'conflict' | 'reverted' | 'recorded';
export const LEDGER_STATES: readonly LedgerState[] = [
  'queued',
  'sending',
  'pushed',
  'failed',
  'conflict',
  'reverted',
  'recorded',
];

/** LedgerEntry.action. */
export type LedgerAction = 'approve' | 'dismiss' | 'acknowledge' | 'push' | 'revert' | 'cost';

/** Push states that are finished: the outbox strip shows the others. */
export const SETTLED_PUSH_STATES: ReadonlySet<string> = new Set(['pushed', 'reverted']);

/** MonthProgress.step, in the order the guided month walks them. */
export type MonthStep = 'mapping' | 'sync' | 'review' | 'costs' | 'sanity' | 'done';
export const MONTH_STEPS: readonly MonthStep[] = ['mapping', 'sync', 'review', 'costs', 'sanity', 'done'];

export function isMonthStep(value: string): value is MonthStep {
  return (MONTH_STEPS as readonly string[]).includes(value);
}

/** The no-filter ledger query. */
export const EMPTY_LEDGER_QUERY: LedgerQuery = { since: '', cycle: '', account: '', vendor: '', state: '' };

/** Emitted by app/shell.go with a PushEntry whenever an outbox entry changes state. */
export const EVENT_PUSH_CHANGED = 'push:changed';
