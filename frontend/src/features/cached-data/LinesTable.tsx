import { EyeOff } from 'lucide-react';
import type { Line } from '@/api';
import { RelativeTime } from '@/components/ui';
import { formatQuantity } from '@/lib/format';

/** A status worth showing: the usual one (active) would repeat under every line. */
export function notableStatus(status: string | undefined): string {
  const s = (status ?? '').trim();
  return s === '' || s.toLowerCase() === 'active' ? '' : s;
}

/**
 * The cached lines. Fixed column widths (names are cut with an ellipsis, never wrapped),
 * so the columns do not jump when the data or the search changes; the header sticks to the
 * top while the page scrolls.
 */
export function LinesTable({ lines, role }: { lines: Line[]; role: string }) {
  const psa = role === 'psa';
  return (
    <div className="card table-wrap table-wrap--sticky">
      <table className={`table table--fixed lines-table ${psa ? 'lines-table--psa' : 'lines-table--vendor'}`}>
        <colgroup>
          <col className="col-account" />
          {psa && <col className="col-agreement" />}
          <col className="col-service" />
          <col className="col-quantity" />
          <col className="col-updated" />
        </colgroup>
        <thead>
          <tr>
            <th>Account</th>
            {psa && <th>Agreement</th>}
            <th>{psa ? 'Service' : 'Product'}</th>
            <th className="right">Quantity</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => {
            const status = notableStatus(line.status);
            return (
              <tr
                key={line.id}
                data-testid="line-row"
                data-hidden={line.visible ? undefined : 'true'}
                className={line.visible ? undefined : 'is-hidden'}
              >
                <td className="cell-text">{line.account_name}</td>
                {psa && <td className="cell-text">{line.agreement_name || <span className="muted">—</span>}</td>}
                <td className="cell-text">
                  <span className="line-service">{line.service_name}</span>
                  {status && <span className="line-status"> · {status}</span>}
                  {!line.visible && (
                    <div className="hidden-reason">
                      <EyeOff size={13} aria-hidden="true" />
                      <span>Hidden: {line.hidden_reason || 'excluded by the visibility rules'}</span>
                    </div>
                  )}
                </td>
                <td className="right num quantity">{formatQuantity(line.quantity)}</td>
                <td className="cell-text">
                  <RelativeTime value={line.updated_at} fallback="—" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
