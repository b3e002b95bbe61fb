// Plain-data views of the generated Wails models. The generated classes carry helper
// methods (convertValues); the UI only ever needs their data, so we strip functions
// recursively. Field names and meaning: internal/workspace/dto.go.
import type { connector, workspace } from '../../wailsjs/go/models';

type AnyFn = (...args: never[]) => unknown;

export type Dto<T> = T extends AnyFn
  ? never
  : T extends ReadonlyArray<infer U>
    ? Dto<U>[]
    : T extends object
      ? { [K in keyof T as T[K] extends AnyFn ? never : K]: Dto<T[K]> }
      : T;

export type Field = Dto<connector.Field>;
export type KindInfo = Dto<workspace.KindInfo>;
export type Integration = Dto<workspace.Integration>;
export type IntegrationInput = Dto<workspace.IntegrationInput>;
export type TestResult = Dto<workspace.TestResult>;
export type SyncRequest = Dto<workspace.SyncRequest>;
export type SectionResult = Dto<workspace.SectionResult>;
export type Run = Dto<workspace.Run>;
export type CacheCounts = Dto<workspace.CacheCounts>;
export type IntegrationStatus = Dto<workspace.IntegrationStatus>;
export type StatusSnapshot = Dto<workspace.StatusSnapshot>;
export type LogLine = Dto<workspace.LogLine>;
export type LogPage = Dto<workspace.LogPage>;
export type Line = Dto<workspace.Line>;
export type LinesResult = Dto<workspace.LinesResult>;
export type WorkspaceInfo = Dto<workspace.WorkspaceInfo>;
export type SyncEvent = Dto<workspace.SyncEvent>;
export type KeychainState = Dto<workspace.KeychainState>;

/** The values the backend uses for Run.status. */
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed' | 'cancelled';
export const RUN_STATUSES: readonly RunStatus[] = [
  'queued',
  'running',
  'succeeded',
  'partial',
  'failed',
  'cancelled',
];
/** Run.mode / SyncRequest.mode. */
export type SyncMode = 'quick' | 'full' | 'since';
/** SyncAll scope. */
export type SyncScope = 'all' | 'psa' | 'vendor';
/** WorkspaceInfo.secrets_store: where this workspace keeps credentials. */
export type SecretsStore = 'keychain' | 'memory';
/** Integration.role / KindInfo.role. */
export type Role = 'psa' | 'vendor';

export function isRunStatus(value: string): value is RunStatus {
  return (RUN_STATUSES as readonly string[]).includes(value);
}

export function isActiveStatus(status: string): boolean {
  return status === 'queued' || status === 'running';
}

/** Event names emitted by app/shell.go. */
export const EVENT_SYNC_CHANGED = 'sync:changed';
export const EVENT_WORKSPACE_CHANGED = 'workspace:changed';
export const EVENT_KEYCHAIN_CHANGED = 'keychain:changed';
