import { Upload } from 'lucide-react';
import type { CostRow } from '@/api/ledgerTypes';
import { Badge, Button } from '@/components/ui';
import { decimalSign, formatDecimalQuantity, formatMoney, formatPercent, pluralize } from '@/lib/format';
import { StateBadge } from '@/features/activity-log/StateBadge';

/** A cost push can be sent (again) unless one is on its way or done. */
const BUSY_OR_DONE = new Set(['queued', 'sending', 'pushed']);

export function canPushCost(row: CostRow): boolean {
  return row.drift && !BUSY_OR_DONE.has(row.push ?? '');
}

function Margin({ value, percent }: { value: string; percent?: boolean }) {
  const negative = decimalSign(value) < 0;
  return <span className={negative ? 'costs-negative' : undefined}>{percent ? formatPercent(value) : formatMoney(value)}</span>;
}

/** One row per mapped product: vendor cost against the PSA catalog's cost and price. */
export function CostsTable({ rows, onPush }: { rows: CostRow[]; onPush: (row: CostRow) => void }) {
  return (
    <div className="card table-wrap">
      <table className="table table--fixed costs-table">
        <colgroup>
          <col className="costs-col-product" />
          <col className="costs-col-money" />
          <col className="costs-col-money" />
          <col className="costs-col-price" />
          <col className="costs-col-price" />
          <col className="costs-col-percent" />
          <col className="costs-col-seats" />
          <col className="costs-col-drift" />
          <col className="costs-col-push" />
        </colgroup>
        <thead>
          <tr>
            <th>Product</th>
            <th className="right">Vendor cost</th>
            <th className="right">Catalog cost</th>
            <th className="right">Price</th>
            <th className="right">Margin</th>
            <th className="right">Margin %</th>
            <th className="right">Seats</th>
            <th>Drift</th>
            <th>
              <span className="visually-hidden">Cost push</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={`${r.psa_integration_id}-${r.psa_product_id}`}
              data-testid="cost-row"
              data-product={r.psa_product_id}
              className={r.drift ? 'is-drift' : undefined}
            >
              <td>
                <div className="cell-text costs-product">{r.product_name}</div>
                <div className="costs-sub cell-text">{pluralize(r.subscriptions, 'subscription')}</div>
              </td>
              <td className="right num costs-vendor">{formatMoney(r.vendor_cost)}</td>
              <td className="right num">{formatMoney(r.catalog_cost)}</td>
              <td className="right num">{formatMoney(r.catalog_price)}</td>
              <td className="right num">
                <Margin value={r.margin} />
              </td>
              <td className="right num">{r.margin_percent ? <Margin value={r.margin_percent} percent /> : <span className="muted">—</span>}</td>
              <td className="right num">{formatDecimalQuantity(r.seats)}</td>
              <td>
                {r.drift ? (
                  <Badge tone="warning" title="The vendor cost differs from the PSA catalog cost">
                    Cost drift
                  </Badge>
                ) : (
                  <Badge tone="success" title="The PSA catalog cost equals the vendor cost">
                    In step
                  </Badge>
                )}
              </td>
              <td>
                <div className="costs-push">
                  {r.push && <StateBadge state={r.push} />}
                  {canPushCost(r) && (
                    <Button size="sm" icon={<Upload size={14} aria-hidden="true" />} onClick={() => onPush(r)}>
                      Push cost…
                    </Button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
