import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Card, PushEntry } from '@/api';
import { itemsInView, LazyTooltips, useRowSlots, useSkimming } from '@/components/ui';
import type { CardHandlers } from './CardActions';
import { pushOf } from './cardModel';
import { GroupHeader, type CardGroup } from './GroupHeader';
import { ServiceCard } from './ServiceCard';
import { SkimCard } from './SkimCard';

/** Every card has this height (px), so 10,000 cards are laid out without measuring. */
export const CARD_HEIGHT = 232;
const GAP = 12;
const MIN_CARD_WIDTH = 300;
const GROUP_HEIGHT = 44;

type GridEntry = { kind: 'group'; group: CardGroup } | { kind: 'cards'; cards: Card[] };

/** Rows of the grid: a header per group, then its cards cols at a time. */
export function gridEntries(groups: CardGroup[], cols: number): GridEntry[] {
  const out: GridEntry[] = [];
  for (const g of groups) {
    if (g.key !== '') out.push({ kind: 'group', group: g });
    for (let i = 0; i < g.cards.length; i += cols) out.push({ kind: 'cards', cards: g.cards.slice(i, i + cols) });
  }
  return out;
}

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

/** The card grid, virtualised by rows: only the rows in view are in the DOM. */
export function CardGrid({
  groups,
  focusedId,
  selected,
  live,
  handlers,
  height,
}: {
  groups: CardGroup[];
  focusedId: string | null;
  selected: ReadonlySet<string>;
  live: Record<string, PushEntry>;
  handlers: CardHandlers;
  height: string | number;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useWidth(scrollRef);
  const cols = Math.max(1, Math.floor((width - 4 + GAP) / (MIN_CARD_WIDTH + GAP)));
  const entries = useMemo(() => gridEntries(groups, cols), [groups, cols]);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (entries[i]?.kind === 'group' ? GROUP_HEIGHT : CARD_HEIGHT + GAP),
    getItemKey: (i) => {
      const e = entries[i]!;
      return e.kind === 'group' ? `group:${e.group.key}` : `row:${e.cards[0]!.id}`;
    },
    overscan: 3,
  });

  // Row heights depend on the entries: lay them out again when those change.
  useEffect(() => virtualizer.measure(), [entries, virtualizer]);

  useEffect(() => {
    if (!focusedId) return;
    const index = entries.findIndex((e) => e.kind === 'cards' && e.cards.some((c) => c.id === focusedId));
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [focusedId, entries, virtualizer]);

  // Flung, every card is new in every frame and seen for that frame only: light cards then,
  // and only the rows in view.
  const skimming = useSkimming(virtualizer);
  const items = itemsInView(virtualizer.getVirtualItems(), virtualizer, skimming, 0);
  // Rows render under slot keys, cards under their column: a row scrolled out lends its
  // elements to one scrolled in (useRowSlots), which a fling does for every row each frame.
  const slotOf = useRowSlots(items.map((item) => String(item.key)));

  return (
    <div ref={scrollRef} className="card-grid" style={{ height }} data-testid="card-grid" role="list" aria-label="Service cards">
      <LazyTooltips>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const entry = entries[item.index]!;
            return (
              <div
                key={entry.kind === 'group' ? String(item.key) : `slot:${slotOf.get(String(item.key))}`}
                className="card-grid__row"
                style={{
                  transform: `translateY(${item.start}px)`,
                  height: item.size,
                  gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`,
                }}
              >
                {entry.kind === 'group' ? (
                  <GroupHeader group={entry.group} />
                ) : (
                  entry.cards.map((card, col) => (
                    <div role="listitem" key={col} className="card-grid__item" style={{ height: CARD_HEIGHT }}>
                      {skimming ? (
                        <SkimCard card={card} focused={card.id === focusedId} selected={selected.has(card.id)} />
                      ) : (
                        <ServiceCard
                          card={card}
                          focused={card.id === focusedId}
                          selected={selected.has(card.id)}
                          push={pushOf(card, live)}
                          handlers={handlers}
                        />
                      )}
                    </div>
                  ))
                )}
              </div>
            );
          })}
        </div>
      </LazyTooltips>
    </div>
  );
}
