import { History, RefreshCw } from 'lucide-react';
import { useStartSync, type Freshness } from '@/api';
import { Button, RelativeTime, Spinner, useNotices } from '@/components/ui';

/** While a sync runs the cards can change under the user: say so. */
export function SyncRunningBanner() {
  return (
    <div className="rc-banner rc-banner--info" role="status" data-testid="sync-running-banner">
      <Spinner size={16} />
      <p>A sync is running: the cards may change while you review them.</p>
    </div>
  );
}

/**
 * Data last fetched before this billing cycle began (the seed's first pitfall): name each
 * stale side, with a QuickSync for it.
 */
export function StaleBanner({ stale }: { stale: Freshness[] }) {
  const start = useStartSync();
  const notices = useNotices();
  if (stale.length === 0) return null;
  return (
    <div className="rc-banner rc-banner--warning" role="status" data-testid="stale-banner">
      <History size={18} aria-hidden="true" className="rc-banner__icon" />
      <div className="rc-banner__body">
        <p className="rc-banner__title">Some data is from before this billing cycle: sync before you approve.</p>
        <ul className="rc-banner__list">
          {stale.map((f) => (
            <li key={f.integration_id}>
              <strong>{f.integration}</strong>{' '}
              {f.last_fetched_at ? <RelativeTime value={f.last_fetched_at} prefix="last synced " /> : <span>never synced</span>}
              <Button
                size="sm"
                variant="secondary"
                icon={<RefreshCw size={14} aria-hidden="true" />}
                disabled={f.running}
                loading={start.isPending && start.variables?.integration_ids.includes(f.integration_id)}
                aria-label={`Sync ${f.integration} now`}
                onClick={() =>
                  start.mutate(
                    { integration_ids: [f.integration_id], mode: 'quick', since: '' },
                    {
                      onSuccess: () => notices.success(`Syncing ${f.integration}`),
                      onError: (err) => notices.error(`Could not sync ${f.integration}`, err),
                    },
                  )
                }
              >
                {f.running ? 'Syncing…' : 'Sync now'}
              </Button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
