export { api } from './client';
export type { Api } from './client';
export * from './types';
export * from './errors';
export { queryKeys } from './queryKeys';
export * from './queries';
export { useSyncEvents, applySyncEvent, patchSnapshot, usePushEvents } from './events';
export { useKeychainState, newerKeychainState } from './keychain';
export { useRunLogStream, FIRST_LOG_PAGE, LOG_PAGE, LIVE_LOG_POLL_MS } from './useRunLogStream';
export type { RunLogStream } from './useRunLogStream';
// --- true-up: Mapping and Reconcile (G1) ---
export * from './trueupTypes';
export * from './explainTypes';
export { trueupKeys } from './queryKeys';
export * from './trueupQueries';
export { useTrueupEvents, applyPushEvent } from './trueupEvents';
// --- end true-up: Mapping and Reconcile ---
export * from './fileImportTypes';
