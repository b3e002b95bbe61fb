import { describe, expect, it } from 'vitest';
import { formatQuantity, kindCaption, oneLine, pluralize } from './format';

describe('format', () => {
  it('pluralizes', () => {
    expect(pluralize(1, 'account')).toBe('1 account');
    expect(pluralize(2, 'account')).toBe('2 accounts');
  });

  it('keeps up to two decimals of quantities', () => {
    expect(formatQuantity(2.5, 'en-US')).toBe('2.5');
    expect(formatQuantity(1234, 'en-US')).toBe('1,234');
  });

  it('takes the first non-empty line and shortens it', () => {
    expect(oneLine('\nfirst\nsecond')).toBe('first');
    expect(oneLine('abcdefghij', 5)).toBe('abcd…');
  });
});

describe('kindCaption', () => {
  it('hides the kind when the name already says it', () => {
    expect(kindCaption('Pax8', 'Pax8')).toBe('');
    expect(kindCaption(' connectwise manage', 'ConnectWise Manage')).toBe('');
    expect(kindCaption('Pax8 distributor', 'Pax8')).toBe('Pax8');
  });
});
