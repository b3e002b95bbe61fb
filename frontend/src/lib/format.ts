import { numberFormat } from './intl';
import { CURRENCY } from './money';
// Number formatting with a stable, tabular look.

export function formatCount(n: number, locale?: string): string {
  return numberFormat(locale).format(Number.isFinite(n) ? n : 0);
}

/** Quantities may be fractional (licences are usually whole). */
export function formatQuantity(n: number, locale?: string): string {
  return numberFormat(locale, { maximumFractionDigits: 2 }).format(
    Number.isFinite(n) ? n : 0,
  );
}

export function pluralize(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** The first line of a message, shortened to max characters. */
export function oneLine(text: string, max = 140): string {
  const first = (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim();
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

/** The kind label to show under an integration's name: none when the name already says it. */
export function kindCaption(name: string, kindLabel: string): string {
  return name.trim().toLowerCase() === kindLabel.trim().toLowerCase() ? '' : kindLabel;
}

// Exact decimals. The true-up sends money and quantities as decimal strings ("27",
// "12.50", "-3"); Intl.NumberFormat formats such strings exactly (NumberFormat v3, in every
// engine TrueUp runs on), so they are never turned into floats, and the UI never sums them:
// totals come from the backend.

const DECIMAL = /^[-+]?\d+(\.\d+)?$/;

// ES2022's lib types only know format(number | bigint); the string overload is ES2023's.
type ExactFormat = (value: string) => string;

function exact(value: string | null | undefined, opts: Intl.NumberFormatOptions, locale?: string): string {
  const v = (value ?? '').trim();
  if (!DECIMAL.test(v)) return '—';
  const fmt = numberFormat(locale, opts);
  return (fmt.format as unknown as ExactFormat)(v);
}

/**
 * A money amount in the one currency every screen shows (lib/money.ts CURRENCY): "12.5" →
 * "$12.50"; unit costs keep up to 4 decimals ("$4.4025") as the vendors bill them.
 */
export function formatMoney(value: string | null | undefined, locale?: string): string {
  return exact(value, { style: 'currency', currency: CURRENCY, minimumFractionDigits: 2, maximumFractionDigits: 4 }, locale);
}

/** A money change with its sign ("+$52.00", "-$26.00", "$0.00"). */
export function formatSignedMoney(value: string | null | undefined, locale?: string): string {
  return exact(
    value,
    { style: 'currency', currency: CURRENCY, minimumFractionDigits: 2, maximumFractionDigits: 4, signDisplay: 'exceptZero' },
    locale,
  );
}

/** A decimal quantity ("27", "2.5"). */
export function formatDecimalQuantity(value: string | null | undefined, locale?: string): string {
  return exact(value, { maximumFractionDigits: 4 }, locale);
}

/** A quantity change with its sign ("+2", "-3", "0"). */
export function formatSignedQuantity(value: string | null | undefined, locale?: string): string {
  return exact(value, { maximumFractionDigits: 4, signDisplay: 'exceptZero' }, locale);
}

/** A percentage already in percent ("15.38" → "15.4%"). */
export function formatPercent(value: string | null | undefined, locale?: string): string {
  return exact(value, { style: 'unit', unit: 'percent', maximumFractionDigits: 1 }, locale);
}

/** The sign of a decimal string, read from its text (no float): -1, 0 or 1; 0 when not a number. */
export function decimalSign(value: string | null | undefined): -1 | 0 | 1 {
  const v = (value ?? '').trim();
  if (!DECIMAL.test(v) || !/[1-9]/.test(v)) return 0;
  return v.startsWith('-') ? -1 : 1;
}

/**
 * A decimal string as a number for drawing only (bar lengths in a chart): never for sums or
 * for text, which use the exact formatters above.
 */
export function chartValue(value: string | null | undefined): number {
  const v = (value ?? '').trim();
  return DECIMAL.test(v) ? Number(v) : 0;
}

/**
 * The text of a decimal made negative ("26.5" → "-26.5", "-3" stays), by its sign only, so
 * an amount the backend sends as a magnitude reads as a removal either way.
 */
export function asNegative(value: string | null | undefined): string {
  const v = (value ?? '').trim().replace(/^\+/, '');
  if (decimalSign(v) === 0) return v;
  return v.startsWith('-') ? v : `-${v}`;
}
