export { api } from './client';
export type { Api } from './client';
export * from './types';
export * from './errors';
export { queryKeys } from './queryKeys';
export * from './queries';
export { useSyncEvents, applySyncEvent, patchSnapshot } from './events';
export { useRunLogStream, FIRST_LOG_PAGE, LOG_PAGE, LIVE_LOG_POLL_MS } from './useRunLogStream';
export type { RunLogStream } from './useRunLogStream';
