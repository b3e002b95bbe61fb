import { ClipboardCheck, RefreshCw } from 'lucide-react';
import { errorMessage, useSanityCheck } from '@/api';
import { useNavigation } from '@/app/navigation';
import { Button, EmptyState, InlineAlert, PageHeader, Spinner } from '@/components/ui';
import { asNegative, formatSignedMoney, pluralize } from '@/lib/format';
import { cycleLabel } from '@/features/activity-log/ledgerLabels';
import { LedgerTable } from '@/features/activity-log/LedgerTable';
import { CardsTable } from './CardsTable';
import { ImpactChart } from './ImpactChart';
import { ImpactTable } from './ImpactTable';
import '@/features/activity-log/activity-log.css';
import './sanity-check.css';

/**
 * The month's final check (step 7): the increases approved this cycle, the New Revenue
 * still open, this cycle's pushes, and the revenue added and removed, by vendor. The
 * totals are the backend's (exact decimals); the page only formats them.
 */
export function SanityCheckPage() {
  const check = useSanityCheck();
  const nav = useNavigation();
  const data = check.data;

  return (
    <>
      <PageHeader
        title="Sanity Check"
        description={
          data
            ? `Before you close ${cycleLabel(data.cycle)}: what went up, what New Revenue is still open, and what was pushed.`
            : 'Before you close the month: what went up, what New Revenue is still open, and what was pushed.'
        }
        actions={
          <Button
            variant="ghost"
            icon={<RefreshCw size={16} aria-hidden="true" className={check.isFetching ? 'spin' : undefined} />}
            onClick={() => void check.refetch()}
            aria-label="Refresh the sanity check"
            title="Refresh the sanity check"
          />
        }
      />
      {check.isPending && (
        <div className="loading">
          <Spinner size={18} /> Checking this cycle…
        </div>
      )}
      {check.isError && <InlineAlert>Could not run the sanity check: {errorMessage(check.error)}</InlineAlert>}
      {data && (
        <>
          <section className="section sanity-totals" aria-label="Totals this cycle">
            <div className="card sanity-tile" data-testid="total-added">
              <span className="sanity-tile__label">Revenue added</span>
              <span className="sanity-tile__value num impact-added">{formatSignedMoney(data.revenue_added)}</span>
              <span className="sanity-tile__meta">per month, this cycle</span>
            </div>
            <div className="card sanity-tile" data-testid="total-removed">
              <span className="sanity-tile__label">Revenue removed</span>
              <span className="sanity-tile__value num impact-removed">{formatSignedMoney(asNegative(data.revenue_removed))}</span>
              <span className="sanity-tile__meta">per month, this cycle</span>
            </div>
            <div className="card sanity-tile">
              <span className="sanity-tile__label">Pushes</span>
              <span className="sanity-tile__value num">{data.pushes.length}</span>
              <span className="sanity-tile__meta">{pluralize(data.increases.length, 'increase')} approved</span>
            </div>
            <div className="card sanity-tile">
              <span className="sanity-tile__label">New Revenue open</span>
              <span className={`sanity-tile__value num ${data.new_revenue_open.length > 0 ? 'sanity-attention' : ''}`}>
                {data.new_revenue_open.length}
              </span>
              <span className="sanity-tile__meta">not yet actioned</span>
            </div>
          </section>

          <section className="section" aria-labelledby="impact-title">
            <div className="section__header">
              <h2 className="section__title" id="impact-title">
                Monthly revenue impact by vendor
              </h2>
            </div>
            {data.by_vendor.length === 0 ? (
              <EmptyState icon={<ClipboardCheck size={22} />} title="No revenue impact yet">
                Approved changes show up here, by vendor.
              </EmptyState>
            ) : (
              <div className="card sanity-impact">
                <ImpactChart rows={data.by_vendor} />
                <ImpactTable rows={data.by_vendor} />
              </div>
            )}
          </section>

          <section className="section" aria-labelledby="increases-title">
            <div className="section__header">
              <h2 className="section__title" id="increases-title">
                Increases this cycle
              </h2>
              <span className="section__meta">{pluralize(data.increases.length, 'card')}</span>
            </div>
            {data.increases.length === 0 ? (
              <p className="muted sanity-none">No increases approved this cycle.</p>
            ) : (
              <CardsTable cards={data.increases} label="Increases this cycle" testId="increases" />
            )}
          </section>

          <section className="section" aria-labelledby="new-revenue-title">
            <div className="section__header">
              <h2 className="section__title" id="new-revenue-title">
                New Revenue not yet actioned
              </h2>
              {data.new_revenue_open.length > 0 && (
                <Button size="sm" onClick={() => nav.navigate('reconcile')}>
                  Review in Reconcile
                </Button>
              )}
            </div>
            {data.new_revenue_open.length === 0 ? (
              <p className="muted sanity-none">Every New Revenue card has been actioned.</p>
            ) : (
              <CardsTable cards={data.new_revenue_open} label="New Revenue not yet actioned" testId="new-revenue" />
            )}
          </section>

          <section className="section" aria-labelledby="pushes-title">
            <div className="section__header">
              <h2 className="section__title" id="pushes-title">
                This cycle's pushes
              </h2>
              <Button size="sm" variant="ghost" onClick={() => nav.navigate('activity-log')}>
                Open the Activity Log
              </Button>
            </div>
            {data.pushes.length === 0 ? (
              <p className="muted sanity-none">Nothing pushed this cycle yet.</p>
            ) : (
              <LedgerTable entries={data.pushes} caption="This cycle's pushes" />
            )}
          </section>
        </>
      )}
    </>
  );
}
