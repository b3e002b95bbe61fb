import { ArrowRight, Bot, Undo2 } from 'lucide-react';
import type { LedgerEntry } from '@/api/ledgerTypes';
import { Badge, Button, RelativeTime } from '@/components/ui';
import { formatDecimalQuantity, formatMoney } from '@/lib/format';
import { formatDay } from '@/lib/time';
import { actionLabel } from './ledgerLabels';
import { StateBadge } from './StateBadge';

/** Cost pushes move a catalog cost (money); every other entry moves a quantity. */
function formatValue(entry: LedgerEntry, value: string): string {
  if (value === '') return '';
  return entry.action === 'cost' ? formatMoney(value) : formatDecimalQuantity(value);
}

function Change({ entry }: { entry: LedgerEntry }) {
  const before = formatValue(entry, entry.before);
  const after = formatValue(entry, entry.after);
  if (!before && !after) return <span className="muted">—</span>;
  return (
    <span className="ledger-change num" aria-label={`${before || 'nothing'} to ${after || 'nothing'}`}>
      <span>{before || '—'}</span>
      <ArrowRight size={13} aria-hidden="true" className="ledger-change__arrow" />
      <strong>{after || '—'}</strong>
    </span>
  );
}

/** One row per decision and per push, newest first (the backend's order). */
export function LedgerTable({
  entries,
  onRevert,
  caption,
}: {
  entries: LedgerEntry[];
  /** Offers "Revert…" on revertible pushes when given. */
  onRevert?: (entry: LedgerEntry) => void;
  caption?: string;
}) {
  return (
    <div className="card table-wrap">
      <table className="table table--fixed ledger-table">
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <colgroup>
          <col className="ledger-col-when" />
          <col className="ledger-col-action" />
          <col className="ledger-col-account" />
          <col className="ledger-col-agreement" />
          <col className="ledger-col-change" />
          <col className="ledger-col-state" />
          <col className="ledger-col-details" />
          {onRevert && <col className="ledger-col-revert" />}
        </colgroup>
        <thead>
          <tr>
            <th>When</th>
            <th>Action</th>
            <th>Account · product</th>
            <th>Agreement · line</th>
            <th className="right">Change</th>
            <th>State</th>
            <th>PSA response · note</th>
            {onRevert && (
              <th>
                <span className="visually-hidden">Revert</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.kind}-${e.id}`} data-testid="ledger-row" data-kind={e.kind} data-id={e.id}>
              <td className="cell-text">
                <RelativeTime value={e.at} fallback="—" />
              </td>
              <td>
                <div className="ledger-action">
                  <span className="ledger-action__label">{actionLabel(e.action)}</span>
                  {e.automatic && (
                    <Badge tone="neutral" icon={<Bot size={12} aria-hidden="true" />} title="Made by TrueUp on its own, not by a person">
                      Automatic
                    </Badge>
                  )}
                </div>
                <div className="ledger-sub cell-text">{e.user || <span className="muted">—</span>}</div>
              </td>
              <td>
                <div className="cell-text ledger-strong">{e.account_name || <span className="muted">—</span>}</div>
                <div className="ledger-sub cell-text">{e.product_name}</div>
              </td>
              <td>
                <div className="cell-text">{e.agreement_name || <span className="muted">—</span>}</div>
                {e.line_id && <div className="ledger-sub cell-text mono">Line {e.line_id}</div>}
              </td>
              <td className="right">
                <Change entry={e} />
                {e.effective_date && <div className="ledger-sub num">from {formatDay(e.effective_date)}</div>}
              </td>
              <td>
                <StateBadge state={e.state} />
              </td>
              <td>
                {e.psa_response && <div className="ledger-detail">{e.psa_response}</div>}
                {e.last_error && <div className="ledger-detail ledger-detail--error">{e.last_error}</div>}
                {e.note && <div className="ledger-detail ledger-detail--note">“{e.note}”</div>}
                {!e.psa_response && !e.last_error && !e.note && <span className="muted">—</span>}
              </td>
              {onRevert && (
                <td className="right">
                  {e.kind === 'push' && e.revertible && (
                    <Button size="sm" variant="ghost" icon={<Undo2 size={14} aria-hidden="true" />} onClick={() => onRevert(e)}>
                      Revert…
                    </Button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
