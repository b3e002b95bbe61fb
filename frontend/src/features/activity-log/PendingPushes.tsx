import { Send } from 'lucide-react';
import { errorMessage, useOutbox, useSendNow } from '@/api';
import { SETTLED_PUSH_STATES, type PushEntry } from '@/api/ledgerTypes';
import { Button, InlineAlert, RelativeTime, useNotices } from '@/components/ui';
import { pluralize } from '@/lib/format';
import { StateBadge } from './StateBadge';

/** One sentence for what Send now achieved. */
export function sendNowSummary(entries: PushEntry[]): string {
  const pending = entries.filter((e) => !SETTLED_PUSH_STATES.has(e.state));
  if (pending.length === 0) return 'Every push has gone out.';
  const stuck = pending.filter((e) => e.state === 'failed' || e.state === 'conflict').length;
  return stuck > 0
    ? `${pluralize(pending.length, 'push', 'pushes')} still waiting, ${stuck} of them failed or in conflict: see their errors.`
    : `${pluralize(pending.length, 'push', 'pushes')} still waiting for the PSA.`;
}

/**
 * The pushes that have not gone out yet, above the log: each one's state, attempts, next
 * automatic attempt and last error, and Send now (which skips the retry backoff).
 */
export function PendingPushes() {
  const outbox = useOutbox();
  const sendNow = useSendNow();
  const notices = useNotices();
  const pending = (outbox.data ?? []).filter((e) => !SETTLED_PUSH_STATES.has(e.state));

  if (outbox.isError) {
    return <InlineAlert>Could not read the pending pushes: {errorMessage(outbox.error)}</InlineAlert>;
  }
  if (pending.length === 0) return null;

  return (
    <section className="section card pending" aria-labelledby="pending-title" data-testid="pending-pushes">
      <div className="pending__header">
        <div>
          <h2 className="section__title" id="pending-title">
            Pending pushes
          </h2>
          <p className="section__meta">
            {pluralize(pending.length, 'push', 'pushes')} not in the PSA yet. They go out on their own when it answers.
          </p>
        </div>
        <Button
          variant="primary"
          icon={<Send size={16} aria-hidden="true" />}
          loading={sendNow.isPending}
          onClick={() =>
            sendNow.mutate(undefined, {
              onSuccess: (entries) => notices.success(sendNowSummary(entries)),
              onError: (err) => notices.error('Could not send the pushes', err),
            })
          }
        >
          Send now
        </Button>
      </div>
      <ul className="pending__list">
        {pending.map((e) => (
          <li key={e.id} className="pending__item" data-testid="pending-push" data-state={e.state}>
            <StateBadge state={e.state} />
            <div className="pending__body">
              <p className="pending__preview">{e.preview}</p>
              <p className="pending__meta num">
                {e.integration && <span>{e.integration}</span>}
                <span>{pluralize(e.attempts, 'attempt')}</span>
                {e.next_attempt_at && (
                  <span>
                    <RelativeTime value={e.next_attempt_at} prefix="next attempt " />
                  </span>
                )}
              </p>
              {e.waiting && (
                <p className="pending__waiting" data-testid="push-waiting">
                  {e.waiting}
                </p>
              )}
              {e.last_error && <p className="pending__error">{e.last_error}</p>}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
