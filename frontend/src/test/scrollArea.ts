// jsdom lays nothing out, so every element is 0 x 0 and a virtualiser would show no row.
// This gives every element a size (what TanStack Virtual reads from its scroll element),
// for the length of one test.
import { afterEach, vi, type Mock } from 'vitest';

const restore: Array<() => void> = [];

/** Returns the stub of scrollTo (jsdom has none): what a virtualiser asked to scroll to. */
export function mockScrollArea(height: number, width = 1200): { scrollTo: Mock } {
  for (const [prop, value] of [
    ['clientHeight', height],
    ['clientWidth', width],
    ['offsetHeight', height],
    ['offsetWidth', width],
    // Content taller than any list of a test, so a scroll target is never clamped.
    ['scrollHeight', 100_000_000],
  ] as const) {
    const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop);
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => value });
    restore.push(() => {
      if (original) Object.defineProperty(HTMLElement.prototype, prop, original);
    });
  }
  const scrollTo = vi.fn();
  const had = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'scrollTo');
  Object.defineProperty(HTMLElement.prototype, 'scrollTo', { configurable: true, writable: true, value: scrollTo });
  restore.push(() => {
    if (had) Object.defineProperty(HTMLElement.prototype, 'scrollTo', had);
    else delete (HTMLElement.prototype as { scrollTo?: unknown }).scrollTo;
  });
  return { scrollTo };
}

afterEach(() => {
  while (restore.length) restore.pop()!();
});
