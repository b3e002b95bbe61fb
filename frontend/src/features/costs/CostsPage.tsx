import { Coins, RefreshCw } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import { errorMessage, useCosts } from '@/api';
import type { CostRow } from '@/api/ledgerTypes';
import { useNavigation } from '@/app/navigation';
import { Button, EmptyState, InlineAlert, PageHeader, Spinner } from '@/components/ui';
import { pluralize } from '@/lib/format';
import { CostsTable } from './CostsTable';
import { PushCostDialog } from './PushCostDialog';
// The toggle, toolbar and state-badge styles live with the screens that introduced them.
import '@/features/cached-data/cached-data.css';
import '@/features/activity-log/activity-log.css';
import './costs.css';

/** Cost reconciliation (step 6 of the month): vendor cost against the PSA catalog. */
export function CostsPage() {
  const costs = useCosts();
  const nav = useNavigation();
  const [onlyDrift, setOnlyDrift] = useState(false);
  const [pushing, setPushing] = useState<CostRow | null>(null);
  const driftId = useId();

  const all = useMemo(() => costs.data ?? [], [costs.data]);
  const drifted = all.filter((r) => r.drift).length;
  const rows = onlyDrift ? all.filter((r) => r.drift) : all;

  return (
    <>
      <PageHeader
        title="Costs"
        description="What each mapped product costs at the vendor against the PSA catalog's cost and price. Pushing a cost updates the catalog item through the push outbox."
        actions={
          <Button
            variant="ghost"
            icon={<RefreshCw size={16} aria-hidden="true" className={costs.isFetching ? 'spin' : undefined} />}
            onClick={() => void costs.refetch()}
            aria-label="Refresh the costs"
            title="Refresh the costs"
          />
        }
      />
      {costs.isPending && (
        <div className="loading">
          <Spinner size={18} /> Comparing costs…
        </div>
      )}
      {costs.isError && <InlineAlert>Could not compare the costs: {errorMessage(costs.error)}</InlineAlert>}
      {costs.data && all.length === 0 && (
        <EmptyState
          icon={<Coins size={22} />}
          title="No mapped products yet"
          actions={<Button onClick={() => nav.navigate('mapping')}>Go to Mapping</Button>}
        >
          Map vendor products to PSA catalog items; their costs show up here.
        </EmptyState>
      )}
      {all.length > 0 && (
        <section className="section" aria-labelledby="costs-title">
          <div className="section__header">
            <h2 className="section__title" id="costs-title">
              Mapped products
            </h2>
            <div className="costs-header-end">
              <span className="section__meta num" data-testid="costs-count">
                {pluralize(all.length, 'product')} · {drifted} with cost drift
              </span>
              <label className="toggle" htmlFor={driftId}>
                <input
                  id={driftId}
                  type="checkbox"
                  role="switch"
                  className="toggle__input"
                  checked={onlyDrift}
                  onChange={(e) => setOnlyDrift(e.target.checked)}
                />
                <span className="toggle__track" aria-hidden="true">
                  <span className="toggle__thumb" />
                </span>
                <span>Only cost drift</span>
              </label>
            </div>
          </div>
          <CostsTable rows={rows} onPush={setPushing} />
        </section>
      )}
      {pushing && <PushCostDialog row={pushing} onClose={() => setPushing(null)} />}
    </>
  );
}
