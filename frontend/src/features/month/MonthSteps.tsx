import { CircleCheck, TriangleAlert, Zap } from 'lucide-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys, useCosts, useSanityCheck, useStatus, useSyncAll } from '@/api';
import type { MonthProgress } from '@/api/ledgerTypes';
import { useNavigation } from '@/app/navigation';
import { Badge, Button, InlineAlert, RelativeTime, Spinner, useNotices } from '@/components/ui';
import { asNegative, formatMoney, formatSignedMoney, pluralize } from '@/lib/format';
import { FullSyncConfirmDialog } from '@/features/sync-status/FullSyncConfirmDialog';

export interface StepProps {
  progress: MonthProgress;
  /** Moves the month to the next step (the backend remembers it). */
  next: ReactNode;
}

function Panel({ title, children, actions }: { title: string; children: ReactNode; actions: ReactNode }) {
  return (
    <section className="card month-panel" aria-labelledby="month-panel-title" data-testid="month-panel">
      <h2 className="month-panel__title" id="month-panel-title">
        {title}
      </h2>
      <div className="month-panel__body">{children}</div>
      <div className="month-panel__actions">{actions}</div>
    </section>
  );
}

function AllGood({ children }: { children: ReactNode }) {
  return (
    <p className="month-good">
      <CircleCheck size={16} aria-hidden="true" /> {children}
    </p>
  );
}

export function MappingStep({ progress, next }: StepProps) {
  const nav = useNavigation();
  const waiting = progress.unmapped.filter((u) => u.accounts + u.products > 0);
  return (
    <Panel
      title="Map vendor accounts and products"
      actions={
        <>
          <Button onClick={() => nav.navigate('mapping')}>Open Mapping</Button>
          {next}
        </>
      }
    >
      <p>
        Every vendor account maps to a PSA account and every vendor product to a catalog item, or is
        excluded. Subscriptions behind unmapped items make no cards.
      </p>
      {waiting.length === 0 ? (
        <AllGood>Every vendor account and product is mapped.</AllGood>
      ) : (
        <ul className="month-list" aria-label="Unmapped items">
          {waiting.map((u) => (
            <li key={u.integration_id} className="month-list__item" data-testid="unmapped-vendor">
              <span className="month-list__name">{u.integration}</span>
              <span>
                {pluralize(u.accounts, 'account')} and {pluralize(u.products, 'product')} unmapped
              </span>
              <span className="muted num">
                {pluralize(u.subscriptions, 'subscription')} · {formatMoney(u.monthly_cost)} monthly cost waiting
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

export function SyncStep({ progress, next }: StepProps) {
  const syncAll = useSyncAll();
  const status = useStatus();
  const notices = useNotices();
  const qc = useQueryClient();
  const [confirmFull, setConfirmFull] = useState(false);
  const psa = progress.freshness.filter((f) => f.role === 'psa');
  const vendors = progress.freshness.filter((f) => f.role === 'vendor');
  // A stale integration that is syncing right now is on its way to fresh: no warning.
  const stale = progress.freshness.filter((f) => f.stale && !f.running);

  // The freshness is the month's: re-read it whenever the sync status moves.
  const seen = status.dataUpdatedAt;
  useEffect(() => {
    if (seen) void qc.invalidateQueries({ queryKey: queryKeys.month });
  }, [seen, qc]);

  function quickVendors() {
    syncAll.mutate(
      { scope: 'vendor', mode: 'quick' },
      { onError: (err) => notices.error('Could not start the vendor syncs', err) },
    );
  }

  return (
    <Panel
      title="Sync the PSA and every vendor"
      actions={
        <>
          <Button onClick={() => setConfirmFull(true)} disabled={psa.length === 0}>
            Full PSA sync
          </Button>
          <Button icon={<Zap size={16} aria-hidden="true" />} onClick={quickVendors} disabled={vendors.length === 0} loading={syncAll.isPending && syncAll.variables?.scope === 'vendor'}>
            Quick Sync all vendors
          </Button>
          {next}
        </>
      }
    >
      <p>
        Review fresh data: a Full Sync of the PSA reads every agreement line again, and a Quick Sync of
        each vendor brings the latest subscriptions.
      </p>
      {progress.freshness.length === 0 ? (
        <InlineAlert tone="info">No integrations yet: add your PSA and vendors on the Integrations page.</InlineAlert>
      ) : (
        <ul className="month-list" aria-label="Data freshness">
          {progress.freshness.map((f) => (
            <li key={f.integration_id} className="month-list__item" data-testid="freshness" data-stale={f.stale || undefined}>
              <span className="month-list__name">
                {f.integration} <span className={`pill pill--${f.role}`}>{f.role === 'psa' ? 'PSA' : 'Vendor'}</span>
              </span>
              <span>
                {f.last_fetched_at ? <RelativeTime value={f.last_fetched_at} prefix="Fetched " /> : <span className="muted">Never synced</span>}
              </span>
              <span className="month-list__badges">
                {f.running && (
                  <Badge tone="accent" icon={<Spinner size={11} />}>
                    Syncing
                  </Badge>
                )}
                {f.stale && !f.running && (
                  <Badge tone="warning" title="Last fetched before this billing cycle began">
                    Before this cycle
                  </Badge>
                )}
                {!f.stale && !f.running && f.last_fetched_at && <Badge tone="success">Fresh</Badge>}
              </span>
            </li>
          ))}
        </ul>
      )}
      {stale.length > 0 && (
        <p className="month-warn">
          <TriangleAlert size={16} aria-hidden="true" />
          {stale.map((f) => f.integration).join(', ')} {stale.length === 1 ? 'was' : 'were'} last synced before this
          billing cycle began: sync before you review.
        </p>
      )}
      {confirmFull && (
        <FullSyncConfirmDialog
          targets={psa.map((f) => ({ id: f.integration_id, name: f.integration }))}
          onConfirm={() => syncAll.mutateAsync({ scope: 'psa', mode: 'full' })}
          onClose={() => setConfirmFull(false)}
        />
      )}
    </Panel>
  );
}

export function ReviewStep({ progress, next }: StepProps) {
  const nav = useNavigation();
  return (
    <Panel
      title="Review the service cards"
      actions={
        <>
          <Button variant={progress.open_cards > 0 ? 'primary' : 'secondary'} onClick={() => nav.navigate('reconcile')}>
            Open Reconcile
          </Button>
          {next}
        </>
      }
    >
      <p>Approve, dismiss or review each card. Approvals go to the PSA through the push outbox.</p>
      {progress.open_cards === 0 ? (
        <AllGood>No open cards: every change has a decision.</AllGood>
      ) : (
        <p className="month-figure num" data-testid="open-cards">
          {pluralize(progress.open_cards, 'card')} open · {pluralize(progress.pushed, 'push', 'pushes')} so far
        </p>
      )}
    </Panel>
  );
}

export function CostsStep({ next, skip }: StepProps & { skip: ReactNode }) {
  const nav = useNavigation();
  const costs = useCosts();
  const drifted = (costs.data ?? []).filter((r) => r.drift).length;
  return (
    <Panel
      title="Reconcile costs (optional)"
      actions={
        <>
          <Button onClick={() => nav.navigate('costs')}>Open Costs</Button>
          {skip}
          {next}
        </>
      }
    >
      <p>Compare each mapped product's vendor cost with the PSA catalog and push new costs. You can skip this step.</p>
      {costs.data &&
        (drifted === 0 ? (
          <AllGood>Every catalog cost matches the vendor cost.</AllGood>
        ) : (
          <p className="month-figure num" data-testid="drifted">
            {pluralize(drifted, 'product')} with cost drift
          </p>
        ))}
    </Panel>
  );
}

export function SanityStep({ next }: StepProps) {
  const nav = useNavigation();
  const check = useSanityCheck();
  const d = check.data;
  return (
    <Panel
      title="Sanity check"
      actions={
        <>
          <Button onClick={() => nav.navigate('sanity-check')}>Open Sanity Check</Button>
          {next}
        </>
      }
    >
      <p>Look over the increases, the New Revenue still open and this cycle's pushes before you close the month.</p>
      {d && (
        <dl className="month-facts num">
          <div>
            <dt>Revenue added</dt>
            <dd className="impact-added">{formatSignedMoney(d.revenue_added)}</dd>
          </div>
          <div>
            <dt>Revenue removed</dt>
            <dd className="impact-removed">{formatSignedMoney(asNegative(d.revenue_removed))}</dd>
          </div>
          <div>
            <dt>New Revenue open</dt>
            <dd>{d.new_revenue_open.length}</dd>
          </div>
          <div>
            <dt>Pushes</dt>
            <dd>{d.pushes.length}</dd>
          </div>
        </dl>
      )}
    </Panel>
  );
}

export function DoneStep({ progress }: { progress: MonthProgress }) {
  const nav = useNavigation();
  return (
    <Panel title="Done" actions={<Button onClick={() => nav.navigate('activity-log')}>Open the Activity Log</Button>}>
      <AllGood>
        This month's true-up is done
        {progress.done_at && (
          <>
            {' '}
            (<RelativeTime value={progress.done_at} />)
          </>
        )}
        .
      </AllGood>
      <p className="month-summary" data-testid="month-summary">
        {progress.summary || `${pluralize(progress.pushed, 'push', 'pushes')} this month.`}
      </p>
    </Panel>
  );
}
