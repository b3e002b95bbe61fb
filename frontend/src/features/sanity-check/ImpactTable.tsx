import type { VendorImpact } from '@/api/ledgerTypes';
import { asNegative, decimalSign, formatSignedMoney } from '@/lib/format';

/** Colour only what moved: a zero reads as neutral. */
function tone(value: string, className: string): string {
  return decimalSign(value) === 0 ? 'right num' : `right num ${className}`;
}

/** The chart's figures as a table: the accessible (and exact) alternative. */
export function ImpactTable({ rows }: { rows: VendorImpact[] }) {
  return (
    <table className="table impact-table" data-testid="impact-table">
      <caption className="visually-hidden">Monthly revenue impact by vendor</caption>
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
            <td className={tone(r.added, 'impact-added')}>{formatSignedMoney(r.added)}</td>
            <td className={tone(r.removed, 'impact-removed')}>{formatSignedMoney(asNegative(r.removed))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
