import type { ReactNode } from 'react';
import type { AutoTrueUpItem } from '@/api/autoTrueUpTypes';
import { Badge, type BadgeTone } from '@/components/ui';

const actionLabel: Record<string, string> = {
  increase: 'Increase',
  decrease: 'Decrease',
  create: 'Create line',
  waiting: 'Waits as a card',
  skipped: 'Skipped',
  refused: 'Refused',
  nothing: 'No change',
};

const actionTone: Record<string, BadgeTone> = {
  increase: 'success',
  decrease: 'warning',
  create: 'info',
  waiting: 'neutral',
  skipped: 'neutral',
  refused: 'danger',
};

/** One run's cards: what it pushes (or would push), dated how, and why the others wait. */
export function AutoTrueUpPlanTable({
  items,
  caption,
  extra,
}: {
  items: AutoTrueUpItem[];
  caption: string;
  /** What else a card's row offers (the agreement chooser of a line waiting for one). */
  extra?: (item: AutoTrueUpItem) => ReactNode;
}) {
  if (items.length === 0) return <p className="auto-trueup__empty">Nothing to change: every card matches.</p>;
  return (
    <table className="table auto-trueup__table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Customer</th>
          <th scope="col">Product</th>
          <th scope="col">Action</th>
          <th scope="col" className="num">
            Quantity
          </th>
          <th scope="col">Effective</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {items.map((it) => (
          <tr key={it.card_id} data-testid="auto-item" data-card={it.card_id}>
            <td>{it.account_name}</td>
            <td>{it.product_name}</td>
            <td>
              <Badge tone={actionTone[it.action] ?? 'neutral'}>{actionLabel[it.action] ?? it.action}</Badge>
              {it.pushes[0] && <span className="auto-trueup__push"> {it.pushes[0].state}</span>}
            </td>
            <td className="num">
              {it.psa_quantity} → {it.quantity || it.vendor_quantity}
            </td>
            <td>
              {it.effective_date || '–'}
              {it.prorated && ' (prorated)'}
            </td>
            <td className="auto-trueup__reason">
              {it.reason}
              {it.writes.map((w) => (
                <code key={w.method + w.path} className="auto-trueup__write">
                  {w.preview}
                </code>
              ))}
              {extra?.(it)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
