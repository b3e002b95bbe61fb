import { describe, expect, it } from 'vitest';
import { assignSlots } from './useRowSlots';

const slots = (m: Map<string, number>) => Object.fromEntries(m);

describe('assignSlots', () => {
  it('numbers the first rows from 0', () => {
    expect(slots(assignSlots(new Map(), ['a', 'b', 'c']))).toEqual({ a: 0, b: 1, c: 2 });
  });

  it('keeps the slots of rows that stay and gives entering rows the slots of rows that left', () => {
    const first = assignSlots(new Map(), ['a', 'b', 'c', 'd']);
    // Scrolled by two rows: a and b left, e and f entered.
    expect(slots(assignSlots(first, ['c', 'd', 'e', 'f']))).toEqual({ c: 2, d: 3, e: 0, f: 1 });
  });

  it('reuses every slot when every row is new (a fling)', () => {
    const first = assignSlots(new Map(), ['a', 'b', 'c']);
    const next = assignSlots(first, ['x', 'y', 'z']);
    expect(new Set(next.values())).toEqual(new Set([0, 1, 2]));
  });

  it('adds unused slots when more rows are in view, never one a row still holds', () => {
    const first = assignSlots(new Map(), ['a', 'b', 'c']);
    const next = assignSlots(first, ['b', 'c', 'd', 'e', 'f']);
    expect(next.get('b')).toBe(1);
    expect(next.get('c')).toBe(2);
    expect([next.get('d'), next.get('e'), next.get('f')].sort()).toEqual([0, 3, 4]);
    expect(new Set(next.values()).size).toBe(5);
  });

  it('gives each id one slot, and distinct ids distinct slots, whatever came before', () => {
    let prev = new Map<string, number>();
    for (let start = 0; start < 200; start += 7) {
      const ids = Array.from({ length: 10 + (start % 5) }, (_, i) => `r${start + i}`);
      const next = assignSlots(prev, ids);
      expect(next.size).toBe(ids.length);
      expect(new Set(next.values()).size).toBe(ids.length);
      for (const id of ids) if (prev.has(id)) expect(next.get(id)).toBe(prev.get(id));
      prev = next;
    }
  });
});
