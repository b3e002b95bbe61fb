import { useUnmappedCounts } from '@/api';
import { formatCount } from '@/lib/format';
import { unmappedItems } from './UnmappedSummary';
import './mapping.css';

/**
 * The sidebar's count of unmapped vendor items (accounts and products of every vendor),
 * always in view: they block cards. Read from the same query as the Mapping screen, so it
 * follows every mapping call and every finished sync.
 */
export function UnmappedBadge() {
  const counts = useUnmappedCounts();
  const total = (counts.data ?? []).reduce((n, u) => n + u.accounts + u.products, 0);
  if (total === 0) return null;
  return (
    <span className="nav-badge num" data-testid="unmapped-badge" aria-label={`${formatCount(total)} unmapped`}>
      {formatCount(total)}
    </span>
  );
}

/** One line per vendor with unmapped items, under the Mapping entry. */
export function UnmappedPerVendor({ onOpen }: { onOpen: () => void }) {
  const counts = useUnmappedCounts();
  const open = (counts.data ?? []).filter((u) => u.accounts > 0 || u.products > 0);
  if (open.length === 0) return null;
  return (
    <ul className="nav-sub" aria-label="Unmapped per vendor">
      {open.map((u) => (
        <li key={u.integration_id}>
          <button type="button" className="nav-sub__item" onClick={onOpen} data-testid="nav-unmapped-vendor">
            <span className="nav-sub__name">{u.integration}</span>
            <span className="nav-sub__count num">{unmappedItems(u)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
