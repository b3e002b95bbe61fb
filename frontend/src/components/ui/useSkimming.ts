import { useLayoutEffect, useRef } from 'react';

/** What useSkimming reads of a TanStack virtualizer. */
export interface ScrollState {
  scrollOffset: number | null;
  isScrolling: boolean;
  scrollRect: { height: number } | null;
}

// Two big steps this close together are one fast scroll: a fling or a drag of the scroll
// bar sends a step every frame, a held Page Down one every key repeat (about 30 ms).
const FLING_STEP_MS = 100;

type Seen = { offset: number; skimming: boolean; bigStep: { at: number; down: boolean } | null };

/**
 * True while a fast scroll goes on: from the second step in a row, each of half a view or
 * more in the same direction and at most 100 ms apart (a fling, a drag of the scroll bar, a
 * held Page Down), until the scroll stops (TanStack Virtual says so 150 ms after the last
 * scroll event). Rows rendered meanwhile are mostly new in every frame and seen for a frame
 * or two each: a list renders them light (their text, no controls), and the full rows, with
 * their buttons and checkboxes, once the scroll rests.
 *
 * One jump (a search that moves the focused card, a click in the scroll bar's track, the
 * End key) does not skim: the user looks at, and may click, what it shows next. Smaller
 * steps (the wheel, the arrow keys) keep most rows in view and never skim. Once skimming
 * it stays so until the scroll stops, or a fling that slows down would switch every row in
 * view between light and full while it moves.
 */
export function useSkimming(v: ScrollState, now: number = performance.now()): boolean {
  // What the last committed render saw; written after the commit, so a render that React
  // throws away or repeats (StrictMode) does not count as seen.
  const seen = useRef<Seen>({ offset: v.scrollOffset ?? 0, skimming: false, bigStep: null });
  const offset = v.scrollOffset ?? 0;
  const view = v.scrollRect?.height ?? 0;
  const step = offset - seen.current.offset;
  const big = v.isScrolling && view > 0 && Math.abs(step) >= view / 2;
  const prev = seen.current.bigStep;
  const second = big && prev !== null && now - prev.at <= FLING_STEP_MS && prev.down === step > 0;
  const skimming = v.isScrolling && (seen.current.skimming || second);
  // A render without a step while scrolling (the data changed) keeps the last big step.
  const bigStep = !v.isScrolling ? null : big ? { at: now, down: step > 0 } : step === 0 ? prev : null;
  useLayoutEffect(() => {
    seen.current = { offset, skimming, bigStep };
  });
  return skimming;
}

/**
 * The items a skimmed list renders: those within margin pixels of the view. The
 * virtualiser's overscan (rows beyond the view, so a slow scroll never shows a gap) is of
 * no use when each step moves half a view or more, and would double the rows a frame
 * renders.
 */
export function itemsInView<I extends { start: number; end: number }>(items: I[], v: ScrollState, skimming: boolean, margin: number): I[] {
  if (!skimming) return items;
  const top = (v.scrollOffset ?? 0) - margin;
  const bottom = (v.scrollOffset ?? 0) + (v.scrollRect?.height ?? 0) + margin;
  return items.filter((i) => i.end > top && i.start < bottom);
}
