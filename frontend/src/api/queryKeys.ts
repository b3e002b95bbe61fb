// TanStack Query keys. Secrets never appear in keys or cached data.
import type { LedgerQuery } from './ledgerTypes';

export const queryKeys = {
  workspace: ['workspace'] as const,
  status: ['status'] as const,
  run: (runId: number) => ['run', runId] as const,
  linesAll: ['lines'] as const,
  linesOf: (integrationId: number) => ['lines', integrationId] as const,
  lines: (integrationId: number, includeHidden: boolean) =>
    ['lines', integrationId, includeHidden] as const,
  integrations: ['integrations'] as const,
  kinds: ['kinds'] as const,
  keychain: ['keychain'] as const,
  // --- Activity Log, Costs, Sanity check, guided month (G2) ---
  ledgerAll: ['ledger'] as const,
  ledger: (q: LedgerQuery) => ['ledger', q] as const,
  outbox: ['outbox'] as const,
  revertPreview: (pushId: number) => ['revert-preview', pushId] as const,
  costs: ['costs'] as const,
  sanity: ['sanity'] as const,
  month: ['month'] as const,
};
