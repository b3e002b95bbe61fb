import { describe, expect, it, vi } from 'vitest';
import { decimalSign, formatMoney, formatQty } from './money';

describe('money and quantities', () => {
  it.each([
    ['1234.5', {}, '$1,234.50'],
    ['-12.25', {}, '-$12.25'],
    ['40', { signed: true }, '+$40.00'],
    ['0', { signed: true }, '$0.00'],
    // Beyond float precision: formatted from the decimal text, not a float.
    ['12345678901234567.13', {}, '$12,345,678,901,234,567.13'],
    ['', {}, ''],
    ['n/a', {}, ''],
  ])('formatMoney(%s, %o) = %s', (value, opts, want) => {
    expect(formatMoney(value, { locale: 'en-US', ...opts })).toBe(want);
  });

  it.each([
    ['1250', {}, '1,250'],
    ['2.5', {}, '2.5'],
    ['2', { signed: true }, '+2'],
    ['-3', { signed: true }, '-3'],
    ['0', { signed: true }, '0'],
  ])('formatQty(%s, %o) = %s', (value, opts, want) => {
    expect(formatQty(value, { locale: 'en-US', ...opts })).toBe(want);
  });

  it.each([
    ['3', 1],
    ['-0.5', -1],
    ['0', 0],
    ['-0.00', 0],
    ['', 0],
  ] as const)('decimalSign(%s) = %d', (value, want) => {
    expect(decimalSign(value)).toBe(want);
  });

  // The Reconcile screen formats every number of every card in view on each scroll frame:
  // a formatter made per call made scrolling 10,000 cards drop most frames.
  it('makes one formatter per kind, locale and sign, not one per number', () => {
    const made = vi.spyOn(Intl, 'NumberFormat');
    try {
      for (let i = 0; i < 50; i++) {
        formatQty(String(i), { locale: 'de-DE' });
        formatMoney(String(i), { locale: 'de-DE', signed: true });
      }
      expect(made).toHaveBeenCalledTimes(2);
      expect(formatQty('1250.5', { locale: 'de-DE' })).toBe('1.250,5');
    } finally {
      made.mockRestore();
    }
  });
});
