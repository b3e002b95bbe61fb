// Pure time formatting. Backend times are RFC 3339 UTC strings ("" when unset) and dates
// are YYYY-MM-DD (see internal/workspace/dto.go).
import { dateTimeFormat } from './intl';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Parses an RFC 3339 time; null for "" or garbage. */
export function parseTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * "just now", "5 minutes ago", "in 2 hours", "3 days ago", "4 months ago", "2 years ago":
 * always relative, so a column of times reads one way (the exact time goes in a tooltip).
 */
export function formatRelative(value: string | Date | null | undefined, now: Date): string {
  const d = value instanceof Date ? value : parseTime(value);
  if (!d) return '';
  const diff = now.getTime() - d.getTime();
  const abs = Math.abs(diff);
  const wrap = (text: string) => (diff >= 0 ? `${text} ago` : `in ${text}`);
  if (abs < 45 * SECOND) return 'just now';
  if (abs < 90 * SECOND) return wrap('1 minute');
  if (abs < 45 * MINUTE) return wrap(plural(Math.round(abs / MINUTE), 'minute'));
  if (abs < 90 * MINUTE) return wrap('1 hour');
  if (abs < 22 * HOUR) return wrap(plural(Math.round(abs / HOUR), 'hour'));
  if (abs < 36 * HOUR) return diff >= 0 ? 'yesterday' : 'tomorrow';
  if (abs < 30 * DAY) return wrap(plural(Math.round(abs / DAY), 'day'));
  if (abs < 45 * DAY) return wrap('1 month');
  if (abs < 320 * DAY) return wrap(plural(Math.max(2, Math.round(abs / (30.44 * DAY))), 'month'));
  if (abs < 548 * DAY) return wrap('1 year');
  return wrap(plural(Math.round(abs / (365.25 * DAY)), 'year'));
}

/** Absolute local date and time, e.g. "Mar 4, 2026, 09:15:02". */
export function formatDateTime(
  value: string | Date | null | undefined,
  locale?: string,
  opts: { dateOnly?: boolean; timeZone?: string } = {},
): string {
  const d = value instanceof Date ? value : parseTime(value);
  if (!d) return '';
  const fmt = dateTimeFormat(locale, {
    dateStyle: 'medium',
    ...(opts.dateOnly ? {} : { timeStyle: 'medium' }),
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
  });
  return fmt.format(d);
}

/** Time of day with milliseconds for log lines: "09:15:02.123" (local time). */
export function formatClock(value: string, timeZone?: string): string {
  const d = parseTime(value);
  if (!d) return value;
  const parts = dateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
  return `${parts}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** A YYYY-MM-DD date as written for people, e.g. "Mar 4, 2026" (no time-zone shift). */
export function formatDay(value: string, locale?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return dateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** The local calendar date as YYYY-MM-DD (for <input type=date> max/defaults). */
export function toDateInput(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** "<1 s", "42 s", "3 min 12 s", "1 h 4 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < SECOND) return '<1 s';
  const totalSeconds = Math.round(ms / SECOND);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (totalMinutes < 60) return seconds ? `${totalMinutes} min ${seconds} s` : `${totalMinutes} min`;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
}

/** Milliseconds between two RFC 3339 times (end defaults to now); null if start unset. */
export function elapsedMs(start: string, end: string, now: Date): number | null {
  const s = parseTime(start);
  if (!s) return null;
  const e = parseTime(end) ?? now;
  return Math.max(0, e.getTime() - s.getTime());
}
