import { ArrowRight } from 'lucide-react';
import type { SanityCard } from '@/api/ledgerTypes';
import { formatDecimalQuantity, formatSignedMoney, formatSignedQuantity } from '@/lib/format';
import { StateBadge } from '@/features/activity-log/StateBadge';

/** Cards of the final check: quantity change, monthly impact and the push's state. */
export function CardsTable({ cards, label, testId }: { cards: SanityCard[]; label: string; testId: string }) {
  return (
    <div className="card table-wrap">
      <table className="table table--fixed sanity-cards" aria-label={label} data-testid={testId}>
        <colgroup>
          <col className="sanity-col-account" />
          <col className="sanity-col-product" />
          <col className="sanity-col-qty" />
          <col className="sanity-col-diff" />
          <col className="sanity-col-impact" />
          <col className="sanity-col-push" />
        </colgroup>
        <thead>
          <tr>
            <th>Account</th>
            <th>Product</th>
            <th className="right">PSA → vendor</th>
            <th className="right">Difference</th>
            <th className="right">Monthly impact</th>
            <th>Push</th>
          </tr>
        </thead>
        <tbody>
          {cards.map((c) => (
            <tr key={c.id} data-testid="sanity-card">
              <td className="cell-text sanity-strong">{c.account_name}</td>
              <td className="cell-text">{c.product_name}</td>
              <td className="right num">
                <span className="ledger-change" aria-label={`${formatDecimalQuantity(c.psa_quantity)} to ${formatDecimalQuantity(c.vendor_quantity)}`}>
                  <span>{c.state === 'new_revenue' ? '—' : formatDecimalQuantity(c.psa_quantity)}</span>
                  <ArrowRight size={13} aria-hidden="true" className="ledger-change__arrow" />
                  <strong>{formatDecimalQuantity(c.vendor_quantity)}</strong>
                </span>
              </td>
              <td className="right num">{formatSignedQuantity(c.difference)}</td>
              <td className="right num sanity-strong">{formatSignedMoney(c.monthly_impact)}</td>
              <td>{c.push ? <StateBadge state={c.push} /> : <span className="muted">Not pushed</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
