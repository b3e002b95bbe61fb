// Whether TrueUp waits for the user to unlock the OS keychain (its unlock prompt is open).
// Wails does not replay events to late subscribers, so the state is read on mount and
// again after every "keychain:changed"; each state carries a sequence number and an older
// one (a late event, a read that raced an event) never replaces a newer one.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from './client';
import { queryKeys } from './queryKeys';
import type { KeychainState } from './types';

/** The newer of two states: held stays unless next has at least its sequence number. */
export function newerKeychainState(held: KeychainState | undefined, next: KeychainState): KeychainState {
  return held && held.seq > next.seq ? held : next;
}

export function useKeychainState() {
  const qc = useQueryClient();

  // Declared before useQuery so the subscription exists before the first read is sent:
  // a change between the two is then seen either way.
  useEffect(() => {
    const offKeychain = api.events.onKeychainChanged((state) => {
      if (typeof state.seq !== 'number' || typeof state.waiting !== 'boolean') return;
      qc.setQueryData<KeychainState>(queryKeys.keychain, (held) => newerKeychainState(held, state));
      void qc.invalidateQueries({ queryKey: queryKeys.keychain });
    });
    // Another workspace watches its own keychain with its own sequence: start over.
    const offWorkspace = api.events.onWorkspaceChanged(() => {
      void qc.resetQueries({ queryKey: queryKeys.keychain });
    });
    return () => {
      offKeychain();
      offWorkspace();
    };
  }, [qc]);

  return useQuery({
    queryKey: queryKeys.keychain,
    queryFn: async () =>
      newerKeychainState(qc.getQueryData<KeychainState>(queryKeys.keychain), await api.workspace.keychainState()),
  });
}
