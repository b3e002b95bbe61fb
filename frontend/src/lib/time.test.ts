import { describe, expect, it } from 'vitest';
import {
  elapsedMs,
  formatClock,
  formatDay,
  formatDuration,
  formatRelative,
  parseTime,
  toDateInput,
} from './time';

const now = new Date('2026-03-04T12:00:00Z');

describe('formatRelative', () => {
  it.each([
    ['2026-03-04T11:59:50Z', 'just now'],
    ['2026-03-04T11:59:00Z', '1 minute ago'],
    ['2026-03-04T11:55:00Z', '5 minutes ago'],
    ['2026-03-04T11:00:00Z', '1 hour ago'],
    ['2026-03-04T09:00:00Z', '3 hours ago'],
    ['2026-03-03T10:00:00Z', 'yesterday'],
    ['2026-03-01T12:00:00Z', '3 days ago'],
    ['2026-03-04T12:10:00Z', 'in 10 minutes'],
  ])('%s → %s', (value, expected) => {
    expect(formatRelative(value, now)).toBe(expected);
  });

  it('stays relative past 30 days, so one column reads one way', () => {
    expect(formatRelative('2026-02-01T12:00:00Z', now)).toBe('1 month ago');
    expect(formatRelative('2025-12-01T12:00:00Z', now)).toBe('3 months ago');
    expect(formatRelative('2025-02-01T12:00:00Z', now)).toBe('1 year ago');
    expect(formatRelative('2023-01-04T12:00:00Z', now)).toBe('3 years ago');
  });

  it('is empty for unset times', () => {
    expect(formatRelative('', now)).toBe('');
    expect(formatRelative('not a time', now)).toBe('');
  });
});

describe('formatDuration', () => {
  it.each([
    [500, '<1 s'],
    [42_000, '42 s'],
    [192_000, '3 min 12 s'],
    [180_000, '3 min'],
    [3_840_000, '1 h 4 min'],
    [7_200_000, '2 h'],
    [-1, ''],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('elapsedMs', () => {
  it('measures start to finish, or to now while running, and null before start', () => {
    expect(elapsedMs('2026-03-04T11:00:00Z', '2026-03-04T11:01:30Z', now)).toBe(90_000);
    expect(elapsedMs('2026-03-04T11:59:00Z', '', now)).toBe(60_000);
    expect(elapsedMs('', '', now)).toBeNull();
  });
});

describe('dates', () => {
  it('formats a YYYY-MM-DD day without shifting time zones', () => {
    expect(formatDay('2026-03-01', 'en-US')).toBe('Mar 1, 2026');
    expect(formatDay('garbage')).toBe('garbage');
  });

  it('writes the local date for date inputs', () => {
    expect(toDateInput(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });

  it('formats log clocks with milliseconds', () => {
    expect(formatClock('2026-03-04T09:05:06.007Z', 'UTC')).toBe('09:05:06.007');
  });

  it('parses RFC 3339 and rejects empty values', () => {
    expect(parseTime('2026-03-04T09:05:06Z')?.toISOString()).toBe('2026-03-04T09:05:06.000Z');
    expect(parseTime('')).toBeNull();
  });
});
