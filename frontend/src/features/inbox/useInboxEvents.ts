import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys, trueupKeys } from '@/api';
import { api } from '@/api/client';
import { autoTrueUpKeys } from '@/features/auto-trueup/queries';
import { inboxKeys } from './queries';

/**
 * Keeps the badge and the inbox in step with "inbox:changed" for the lifetime of the caller:
 * the event carries the unread count (set at once) and a new notice, if any; the list is
 * read again (events are not replayed, so the list is never patched from them alone). A
 * notice of the automatic true-up means it ran on its own after a scheduled sync: its panel
 * (a new dry run to approve, the last run), the cards and the ledger are read again too.
 */
export function useInboxEvents(): void {
  const qc = useQueryClient();
  useEffect(
    () =>
      api.inbox.onChanged((event) => {
        if (typeof event.unread === 'number') qc.setQueryData(inboxKeys.unread, event.unread);
        void qc.invalidateQueries({ queryKey: ['inbox', 'list'] });
        if (event.notice?.kind === 'auto_trueup') {
          void qc.invalidateQueries({ queryKey: autoTrueUpKeys.list });
          void qc.invalidateQueries({ queryKey: trueupKeys.cardsAll });
          void qc.invalidateQueries({ queryKey: queryKeys.ledgerAll });
        }
      }),
    [qc],
  );
}
