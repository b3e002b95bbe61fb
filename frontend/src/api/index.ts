export { api } from './client';
export type { Api } from './client';
export * from './types';
export * from './errors';
export { queryKeys } from './queryKeys';
export * from './queries';
export { useSyncEvents, applySyncEvent, patchSnapshot } from './events';
