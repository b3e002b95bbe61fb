import { memo } from 'react';
import type { Card } from '@/api';
import { CheckboxLook } from '@/components/ui';
import { EvidenceText } from './Evidence';
import { CardFigures, CardHeader } from './ServiceCard';

/**
 * A service card as the grid shows it while flung (see useSkimming): every card is seen
 * for one frame, so it keeps the card's frame, names, state, quantities and impact, and
 * leaves out what is only of use at rest (the controls, the popovers, flags and terms).
 * The grid renders the full ServiceCard in its place once the scroll stops.
 */
export const SkimCard = memo(function SkimCard({ card, focused, selected }: { card: Card; focused: boolean; selected: boolean }) {
  return (
    <article
      className={`service-card card${focused ? ' is-focused' : ''}${selected ? ' is-selected' : ''}`}
      data-testid="service-card"
      data-id={card.id}
      aria-label={`${card.account_name}: ${card.product_name}`}
    >
      <CardHeader card={card} select={<CheckboxLook checked={selected} />} />
      <CardFigures card={card} quantity={(side) => <EvidenceText card={card} side={side} />} />
    </article>
  );
});
