import { ArrowRight } from 'lucide-react';
import { memo, useRef, type ReactNode } from 'react';
import type { Card } from '@/api';
import { Badge, Checkbox, useReleaseFocusOnReuse } from '@/components/ui';
import { decimalSign, formatMoney, formatQty } from '@/lib/money';
import { CardActions, type CardHandlers } from './CardActions';
import { CardFlags } from './CardFlags';
import { CardTerms } from './CardTerms';
import { stateLabel, stateTone } from './cardModel';
import { EvidenceNumber } from './Evidence';
import { PushBadge } from './PushBadge';

export function Difference({ value }: { value: string }) {
  const sign = decimalSign(value);
  return <span className={`diff num ${sign > 0 ? 'diff--up' : sign < 0 ? 'diff--down' : ''}`}>{formatQty(value, { signed: true }) || '0'}</span>;
}

/** A card's header (its checkbox, names and state), shared by the ServiceCard and the SkimCard. */
export function CardHeader({ card, select, push }: { card: Card; select: ReactNode; push?: ReactNode }) {
  return (
    <header className="service-card__header">
      {select}
      <div className="service-card__titles">
        <h3 className="service-card__account">{card.account_name}</h3>
        <p className="service-card__product">{card.product_name}</p>
      </div>
      <div className="service-card__badges">
        <Badge tone={stateTone(card.state)}>{stateLabel(card.state)}</Badge>
        {push}
      </div>
    </header>
  );
}

/**
 * A card's quantities, difference and monthly impact, shared by the ServiceCard and the
 * SkimCard seen while the grid is flung: quantity renders each side's number (a button
 * that opens the evidence at rest, its text while flung).
 */
export function CardFigures({ card, quantity }: { card: Card; quantity: (side: 'psa' | 'vendor') => ReactNode }) {
  const sign = decimalSign(card.monthly_impact);
  return (
    <>
      <div className="service-card__numbers">
        <div className="qty">
          <span className="qty__label">PSA</span>
          {quantity('psa')}
        </div>
        <ArrowRight size={16} aria-hidden="true" className="service-card__arrow" />
        <div className="qty">
          <span className="qty__label">Vendor</span>
          {quantity('vendor')}
        </div>
        <div className="qty qty--diff">
          <span className="qty__label">Difference</span>
          <Difference value={card.difference} />
        </div>
      </div>
      <p className="service-card__money num">
        <span className={sign < 0 ? 'money--down' : sign > 0 ? 'money--up' : ''}>{formatMoney(card.monthly_impact, { signed: true })}/mo</span>
        {card.unit_price && <span className="muted"> · {formatMoney(card.unit_price)} each</span>}
        {card.margin && <span className="muted"> · margin {formatMoney(card.margin)}</span>}
      </p>
    </>
  );
}

type Push = { state: string; lastError: string; integration: string } | null;
type ServiceCardProps = { card: Card; focused: boolean; selected: boolean; push: Push; handlers: CardHandlers };

/** The grid renders again on every scroll frame and makes a new push object each time:
 * compare it by value, so only cards that enter the view or change render. */
function sameProps(a: ServiceCardProps, b: ServiceCardProps): boolean {
  const samePush = a.push === b.push || (!!a.push && !!b.push && a.push.state === b.push.state && a.push.lastError === b.push.lastError && a.push.integration === b.push.integration);
  return a.card === b.card && a.focused === b.focused && a.selected === b.selected && a.handlers === b.handlers && samePush;
}

/** One service card of the grid: both quantities (each opens its evidence), impact, flags,
 * actions. Its elements are reused for another card when its row scrolls out (CardGrid):
 * focus inside is let go then, and each evidence popover is keyed by its card. */
export const ServiceCard = memo(function ServiceCard({
  card,
  focused,
  selected,
  push,
  handlers,
}: ServiceCardProps) {
  const el = useRef<HTMLElement>(null);
  useReleaseFocusOnReuse(el, card.id);
  return (
    <article
      ref={el}
      className={`service-card card${focused ? ' is-focused' : ''}${selected ? ' is-selected' : ''}`}
      data-testid="service-card"
      data-id={card.id}
      aria-label={`${card.account_name}: ${card.product_name}`}
      aria-current={focused ? 'true' : undefined}
      onClick={() => handlers.focus(card)}
    >
      <CardHeader
        card={card}
        select={<Checkbox checked={selected} onChange={() => handlers.toggleSelect(card)} label={`Select ${card.product_name} for ${card.account_name}`} />}
        push={push && <PushBadge {...push} />}
      />
      <CardFigures card={card} quantity={(side) => <EvidenceNumber key={card.id} card={card} side={side} />} />
      <CardTerms card={card} />
      {push && (push.state === 'failed' || push.state === 'conflict') && push.lastError ? (
        <p className="service-card__error" role="note">
          {push.lastError}
        </p>
      ) : (
        <CardFlags card={card} max={3} />
      )}
      <footer className="service-card__footer">
        <CardActions card={card} handlers={handlers} />
      </footer>
    </article>
  );
}, sameProps);
