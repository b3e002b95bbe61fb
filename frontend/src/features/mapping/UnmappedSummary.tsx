import { Link2Off } from 'lucide-react';
import type { ReactNode } from 'react';
import type { UnmappedCount } from '@/api';
import { pluralize } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import './mapping.css';

/** "3 accounts and 1 product" (nothing for zero). */
export function unmappedItems(u: Pick<UnmappedCount, 'accounts' | 'products'>): string {
  const parts = [u.accounts ? pluralize(u.accounts, 'account') : '', u.products ? pluralize(u.products, 'product') : ''].filter(Boolean);
  return parts.join(' and ');
}

export function hasUnmapped(list: UnmappedCount[] | undefined): boolean {
  return (list ?? []).some((u) => u.accounts > 0 || u.products > 0);
}

/**
 * What waits behind unmapped items, per vendor: their subscriptions never make cards until
 * they are mapped or excluded. Money comes per vendor from Go (never added up here).
 */
export function UnmappedSummary({ unmapped, action }: { unmapped: UnmappedCount[]; action?: ReactNode }) {
  const open = unmapped.filter((u) => u.accounts > 0 || u.products > 0);
  if (open.length === 0) return null;
  return (
    <div className="unmapped-summary" role="status" data-testid="unmapped-summary">
      <Link2Off size={18} aria-hidden="true" className="unmapped-summary__icon" />
      <div className="unmapped-summary__body">
        {open.map((u) => (
          <p key={u.integration_id}>
            <strong>{u.integration}</strong>: {unmappedItems(u)} unmapped
            {u.subscriptions > 0 && (
              <>
                {' '}
                · {pluralize(u.subscriptions, 'subscription')} (<span className="num">{formatMoney(u.monthly_cost)}</span> a month)
                wait behind them and make no cards yet
              </>
            )}
          </p>
        ))}
      </div>
      {action}
    </div>
  );
}
