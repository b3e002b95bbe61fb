import type { Card } from '@/api';
import { pluralize } from '@/lib/format';

export interface CardGroup {
  /** "" when the cards are not grouped. */
  key: string;
  cards: Card[];
}

/** Consecutive cards of one group key, in order. */
export function toGroups(cards: Card[], keyOf: ((c: Card) => string) | null): CardGroup[] {
  if (!keyOf) return [{ key: '', cards }];
  const out: CardGroup[] = [];
  for (const c of cards) {
    const k = keyOf(c);
    const last = out[out.length - 1];
    if (last && last.key === k) last.cards.push(c);
    else out.push({ key: k, cards: [c] });
  }
  return out;
}

export function GroupHeader({ group }: { group: CardGroup }) {
  return (
    <div className="group-header" role="heading" aria-level={2}>
      <span className="group-header__name">{group.key}</span>
      <span className="group-header__count num">{pluralize(group.cards.length, 'card')}</span>
    </div>
  );
}
