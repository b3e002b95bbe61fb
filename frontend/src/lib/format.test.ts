import { describe, expect, it } from 'vitest';
import {
  asNegative,
  chartValue,
  decimalSign,
  formatDecimalQuantity,
  formatMoney,
  formatPercent,
  formatQuantity,
  formatSignedMoney,
  formatSignedQuantity,
  kindCaption,
  oneLine,
  pluralize,
} from './format';

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

describe('exact decimals', () => {
  it('formats money strings exactly, beyond what a float holds', () => {
    expect(formatMoney('12.5', 'en-US')).toBe('$12.50');
    expect(formatMoney('1234567.125', 'en-US')).toBe('$1,234,567.125');
    // 2^53 + 1 is not a float: formatted from the text it stays exact.
    expect(formatMoney('9007199254740993.01', 'en-US')).toBe('$9,007,199,254,740,993.01');
    expect(formatMoney('-26', 'de-DE')).toBe('-26,00 $');
  });

  it('signs changes and keeps quantities whole when they are', () => {
    expect(formatSignedQuantity('2', 'en-US')).toBe('+2');
    expect(formatSignedQuantity('-3', 'en-US')).toBe('-3');
    expect(formatSignedQuantity('0', 'en-US')).toBe('0');
    expect(formatSignedMoney('52', 'en-US')).toBe('+$52.00');
    expect(formatDecimalQuantity('27', 'en-US')).toBe('27');
    expect(formatDecimalQuantity('2.25', 'en-US')).toBe('2.25');
  });

  it('shows a dash for what is not a number', () => {
    expect(formatMoney('', 'en-US')).toBe('—');
    expect(formatDecimalQuantity(undefined, 'en-US')).toBe('—');
    expect(formatPercent('n/a', 'en-US')).toBe('—');
  });

  it('formats a percentage that is already in percent', () => {
    expect(formatPercent('15.38', 'en-US')).toBe('15.4%');
  });

  it('reads the sign from the text', () => {
    expect(decimalSign('-0.00')).toBe(0);
    expect(decimalSign('-0.01')).toBe(-1);
    expect(decimalSign('3')).toBe(1);
    expect(decimalSign('')).toBe(0);
    expect(chartValue('-26.5')).toBe(-26.5);
    expect(chartValue('')).toBe(0);
  });

  it('makes an amount negative by its text', () => {
    expect(asNegative('26.50')).toBe('-26.50');
    expect(asNegative('-3')).toBe('-3');
    expect(asNegative('+4')).toBe('-4');
    expect(asNegative('0')).toBe('0');
  });
});
