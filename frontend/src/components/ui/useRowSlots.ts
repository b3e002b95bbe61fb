import { useLayoutEffect, useMemo, useRef, type RefObject } from 'react';

/**
 * Assigns each row id in view a slot, the React key its row renders under, so that the DOM
 * of a row leaving the view is reused by a row entering it: React then updates that row's
 * text and attributes instead of removing one row and building another, which is most of
 * the work of a fast scroll (a fling shows only new rows every frame). Rows that stay keep
 * their slot, so their memoised render is skipped; an entering row takes the lowest slot a
 * leaving row freed, else the lowest unused one.
 *
 * A recycled row shows another card in the same elements: what a row holds beyond its
 * props (an open popover, keyboard focus) must be keyed by, or reset for, the row's id.
 */
export function useRowSlots(ids: readonly string[]): ReadonlyMap<string, number> {
  const slots = useRef<ReadonlyMap<string, number>>(new Map());
  // A new array every render: the ids themselves decide when the slots are worked out again.
  const key = ids.join('\n');
  return useMemo(() => {
    const next = assignSlots(slots.current, ids);
    slots.current = next;
    return next;
  }, [key]);
}

/** The slots of ids, given the previous ids' slots (pure; useRowSlots keeps the previous). */
export function assignSlots(prev: ReadonlyMap<string, number>, ids: readonly string[]): Map<string, number> {
  const next = new Map<string, number>();
  const taken = new Set<number>();
  for (const id of ids) {
    const s = prev.get(id);
    if (s !== undefined && !next.has(id)) {
      next.set(id, s);
      taken.add(s);
    }
  }
  const freed = [...new Set(prev.values())].filter((s) => !taken.has(s)).sort((a, b) => a - b);
  let f = 0;
  let fresh = 0;
  for (const id of ids) {
    if (next.has(id)) continue;
    let s: number;
    if (f < freed.length) {
      s = freed[f++]!;
    } else {
      // Every slot prev held is taken by now (kept, or handed on from freed).
      while (taken.has(fresh)) fresh++;
      s = fresh++;
    }
    next.set(id, s);
    taken.add(s);
  }
  return next;
}

/**
 * Lets go of keyboard focus inside el when it is reused for another row (its id changes):
 * a key pressed next would otherwise act on the other row.
 */
export function useReleaseFocusOnReuse(el: RefObject<HTMLElement | null>, id: string): void {
  const shown = useRef(id);
  useLayoutEffect(() => {
    if (shown.current === id) return;
    shown.current = id;
    const active = document.activeElement;
    if (active instanceof HTMLElement && el.current?.contains(active)) active.blur();
  }, [el, id]);
}
