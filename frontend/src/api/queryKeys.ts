// TanStack Query keys. Secrets never appear in keys or cached data.
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
};
