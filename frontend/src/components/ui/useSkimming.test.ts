import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { itemsInView, useSkimming, type ScrollState } from './useSkimming';

// A step of a 400 px view: its offset, whether the virtualiser calls it scrolling, and when (ms).
type Step = [offset: number, scrolling: boolean, at: number];
const state = ([scrollOffset, isScrolling]: Step): ScrollState => ({ scrollOffset, isScrolling, scrollRect: { height: 400 } });

function skimmingAfter(steps: Step[]): boolean {
  const { result, rerender } = renderHook(({ s, at }: { s: ScrollState; at: number }) => useSkimming(s, at), {
    initialProps: { s: state(steps[0]!), at: steps[0]![2] },
  });
  for (const step of steps.slice(1)) rerender({ s: state(step), at: step[2] });
  return result.current;
}

describe('useSkimming', () => {
  it.each<{ name: string; steps: Step[]; want: boolean }>([
    { name: 'at rest', steps: [[0, false, 0]], want: false },
    { name: 'wheel steps of less than half a view', steps: [[0, false, 0], [100, true, 16], [250, true, 33], [440, true, 50]], want: false },
    { name: 'a fling: steps of half a view, a frame apart', steps: [[0, false, 0], [200, true, 16], [400, true, 33]], want: true },
    { name: 'a drag of the scroll bar to the end', steps: [[0, false, 0], [100_000, true, 16], [400_000, true, 33]], want: true },
    { name: 'one jump (a search moved the focused card, the End key)', steps: [[0, false, 0], [400_000, true, 16]], want: false },
    { name: 'a jump and its way back (not one direction)', steps: [[0, false, 0], [609, true, 16], [0, true, 150]], want: false },
    { name: 'two jumps far apart in time', steps: [[0, false, 0], [800, true, 16], [1600, true, 300]], want: false },
    { name: 'a jump, then a correction of a few pixels', steps: [[0, false, 0], [5000, true, 16], [5010, true, 33]], want: false },
    { name: 'a fling that slows down keeps skimming', steps: [[0, false, 0], [800, true, 16], [1600, true, 33], [1700, true, 50], [1710, true, 66]], want: true },
    { name: 'the scroll rests (150 ms after the last event)', steps: [[0, false, 0], [800, true, 16], [1600, true, 33], [1600, false, 183]], want: false },
    { name: 'a slow scroll after a fling rested', steps: [[0, false, 0], [800, true, 16], [1600, true, 33], [1600, false, 183], [1700, true, 200]], want: false },
    { name: 'steps while nothing scrolls', steps: [[0, false, 0], [5000, false, 16], [10_000, false, 33]], want: false },
  ])('$name: $want', ({ steps, want }) => {
    expect(skimmingAfter(steps)).toBe(want);
  });

  it('does not skim before the view has a size', () => {
    const { result, rerender } = renderHook(({ s, at }: { s: ScrollState; at: number }) => useSkimming(s, at), {
      initialProps: { s: { scrollOffset: 0, isScrolling: false, scrollRect: null } as ScrollState, at: 0 },
    });
    rerender({ s: { scrollOffset: 5000, isScrolling: true, scrollRect: null }, at: 16 });
    rerender({ s: { scrollOffset: 10_000, isScrolling: true, scrollRect: null }, at: 33 });
    expect(result.current).toBe(false);
  });
});

describe('itemsInView', () => {
  const items = Array.from({ length: 20 }, (_, i) => ({ index: i, start: i * 50, end: (i + 1) * 50 }));

  it('keeps every item (the overscan too) at rest', () => {
    expect(itemsInView(items, state([300, false, 0]), false, 0)).toBe(items);
  });

  it('keeps the items within the margin of the view while skimming', () => {
    // View 300-700 px: items 6..13; a 50 px margin adds one on each side.
    expect(itemsInView(items, state([300, true, 0]), true, 0).map((i) => i.index)).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);
    expect(itemsInView(items, state([300, true, 0]), true, 50).map((i) => i.index)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });
});
