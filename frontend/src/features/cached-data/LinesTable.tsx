import { EyeOff } from 'lucide-react';
import type { Line } from '@/api';
import { RelativeTime } from '@/components/ui';
import { formatQuantity } from '@/lib/format';

export function LinesTable({ lines, role }: { lines: Line[]; role: string }) {
  const psa = role === 'psa';
  return (
    <div className="card table-wrap">
      <table className="table lines-table">
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
          {lines.map((line) => (
            <tr
              key={line.id}
              data-testid="line-row"
              data-hidden={line.visible ? undefined : 'true'}
              className={line.visible ? undefined : 'is-hidden'}
            >
              <td>{line.account_name}</td>
              {psa && <td>{line.agreement_name || <span className="muted">—</span>}</td>}
              <td>
                <div>{line.service_name}</div>
                {line.status && <div className="line-status">{line.status}</div>}
                {!line.visible && (
                  <div className="hidden-reason" title="Why isn't this line showing in reconciliation?">
                    <EyeOff size={13} aria-hidden="true" />
                    <span>Hidden: {line.hidden_reason || 'excluded by the visibility rules'}</span>
                  </div>
                )}
              </td>
              <td className="right num quantity">{formatQuantity(line.quantity)}</td>
              <td>
                <RelativeTime value={line.updated_at} fallback="—" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
