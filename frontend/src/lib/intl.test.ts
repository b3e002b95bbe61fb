import { describe, expect, it } from 'vitest';
import { dateTimeFormat, numberFormat } from './intl';

describe('intl formatters', () => {
  it('keeps one number formatter per locale and options', () => {
    expect(numberFormat('en-US', { maximumFractionDigits: 2 })).toBe(numberFormat('en-US', { maximumFractionDigits: 2 }));
    expect(numberFormat('en-US')).not.toBe(numberFormat('de-DE'));
    expect(numberFormat('en-US', { maximumFractionDigits: 2 })).not.toBe(numberFormat('en-US', { maximumFractionDigits: 0 }));
    expect(numberFormat('de-DE').format(1234.5)).toBe('1.234,5');
  });

  it('keeps one date formatter per locale and options', () => {
    const a = dateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
    expect(dateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' })).toBe(a);
    expect(dateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' })).not.toBe(a);
    expect(dateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'Asia/Tokyo' })).not.toBe(a);
    expect(a.format(new Date(Date.UTC(2026, 2, 4)))).toBe('Mar 4, 2026');
  });
});
