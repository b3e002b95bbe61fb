import type { VendorImpact } from '@/api/ledgerTypes';
import { asNegative, formatSignedMoney } from '@/lib/format';

/** The chart's figures as a table: the accessible (and exact) alternative. */
export function ImpactTable({ rows }: { rows: VendorImpact[] }) {
  return (
    <table className="table impact-table" data-testid="impact-table">
      <caption className="impact-table__caption">Monthly revenue impact by vendor</caption>
      <thead>
        <tr>
          <th scope="col">Vendor</th>
          <th scope="col" className="right">
            Added
          </th>
          <th scope="col" className="right">
            Removed
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.vendor} data-testid="impact-row">
            <th scope="row" className="impact-table__vendor">
              {r.vendor}
            </th>
            <td className="right num impact-added">{formatSignedMoney(r.added)}</td>
            <td className="right num impact-removed">{formatSignedMoney(asNegative(r.removed))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
