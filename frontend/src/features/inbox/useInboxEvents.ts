import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '@/api/client';
import { inboxKeys } from './queries';

/**
 * Keeps the badge and the inbox in step with "inbox:changed" for the lifetime of the caller:
 * the event carries the unread count (set at once) and a new notice, if any; the list is
 * read again (events are not replayed, so the list is never patched from them alone).
 */
export function useInboxEvents(): void {
  const qc = useQueryClient();
  useEffect(
    () =>
      api.inbox.onChanged((event) => {
        if (typeof event.unread === 'number') qc.setQueryData(inboxKeys.unread, event.unread);
        void qc.invalidateQueries({ queryKey: ['inbox', 'list'] });
      }),
    [qc],
  );
}
