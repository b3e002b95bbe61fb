import type { Card } from '@/api';
import { formatQty } from '@/lib/money';
import { formatDateTime, formatDay } from '@/lib/time';

/** A term duration as people say it: P1M monthly, P1Y annual, P3Y three years. */
function termWords(term: string): string {
  return term
    .split(', ')
    .map((t) => ({ P1M: '1 month', P1Y: '1 year', P3Y: '3 years' })[t] ?? t)
    .join(', ');
}

/**
 * The commitment-term facts of a card's subscriptions (Microsoft NCE): the term, when it
 * ends and whether it renews, the base of an add-on, and the seats Microsoft still refunds.
 * On a decrease the sentence comes from Go (in the MSP's time zone); other cards list the
 * refundable seats with their deadline in this computer's time.
 */
export function CardTerms({ card }: { card: Card }) {
  const t = card.terms;
  if (!t) return null;
  const facts = [
    t.term && `Term ${termWords(t.term)}${t.billing_frequency ? `, billed ${t.billing_frequency}` : ''}`,
    t.commitment_end && `${t.auto_renew ? 'renews after' : 'ends'} ${formatDay(t.commitment_end)}`,
    !t.commitment_end && t.auto_renew && 'auto-renews',
  ].filter(Boolean);
  return (
    <div className="card-terms" data-testid="card-terms">
      <p className="card-terms__facts">
        {facts.join(' · ')}
        {t.renews_soon && (
          <span className="card-terms__soon" data-testid="renews-soon">
            {' '}
            · {t.auto_renew ? 'renews within 30 days' : 'ends within 30 days'}
          </span>
        )}
      </p>
      {t.add_on_of && <p className="card-terms__addon">Add-on of {t.add_on_of}</p>}
      {t.refund_note ? (
        <p className="card-terms__refund" role="note" data-testid="refund-note">
          {t.refund_note}
        </p>
      ) : (
        t.refundable_seats && (
          <p className="card-terms__refundable">
            {formatQty(t.refundable_seats)} refundable at Microsoft until {formatDateTime(t.refundable_until)}
          </p>
        )
      )}
    </div>
  );
}
