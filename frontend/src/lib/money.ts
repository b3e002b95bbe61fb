// Money and quantities arrive as exact decimal strings ("27", "-3", "1234.50"). Intl formats
// such a string exactly (Intl.NumberFormat v3 reads it as a decimal, not a float), so
// nothing is rounded on the way; sums are never made here (the totals come from Go).

/**
 * The one currency every amount is shown in. The DTOs carry no currency yet; ConnectWise
 * and Pax8 bill the demo MSP in US dollars, so USD is the default until a workspace
 * setting says otherwise.
 */
export const CURRENCY = 'USD';

// The lib typings (ES2022) only declare number | bigint; engines since 2022 take a string.
type DecimalFormat = (value: string) => string;

const DECIMAL = /^-?\d+(\.\d+)?$/;

function exact(fmt: Intl.NumberFormat): DecimalFormat {
  return fmt.format as unknown as DecimalFormat;
}

// Formatters by kind, locale and sign. Making an Intl.NumberFormat costs far more than
// formatting with one (a scroll of the Reconcile list made thousands a second: the largest
// share of its script time), and one never changes: each is made once and kept. A few
// locales at most, so the map stays tiny.
const formatters = new Map<string, DecimalFormat>();

function formatter(kind: 'money' | 'qty', locale: string | undefined, signed: boolean): DecimalFormat {
  const key = `${kind}|${locale ?? ''}|${signed}`;
  let f = formatters.get(key);
  if (!f) {
    const signDisplay = signed ? 'exceptZero' : 'auto';
    f = exact(
      new Intl.NumberFormat(
        locale,
        kind === 'money' ? { style: 'currency', currency: CURRENCY, signDisplay } : { maximumFractionDigits: 4, signDisplay },
      ),
    );
    formatters.set(key, f);
  }
  return f;
}

function clean(value: string | null | undefined): string | null {
  const v = (value ?? '').trim();
  return DECIMAL.test(v) ? v : null;
}

/** "$1,234.50"; signed adds "+" before increases (never "+$0.00"). "" for no value. */
export function formatMoney(value: string | null | undefined, opts: { signed?: boolean; locale?: string } = {}): string {
  const v = clean(value);
  if (v === null) return '';
  return formatter('money', opts.locale, opts.signed ?? false)(v);
}

/** "1,250", "2.5"; signed gives "+2" / "-3" / "0" (a difference). "" for no value. */
export function formatQty(value: string | null | undefined, opts: { signed?: boolean; locale?: string } = {}): string {
  const v = clean(value);
  if (v === null) return '';
  return formatter('qty', opts.locale, opts.signed ?? false)(v);
}

/** The sign of a decimal string without turning it into a float: -1, 0 or 1. */
export function decimalSign(value: string | null | undefined): -1 | 0 | 1 {
  const v = clean(value);
  if (v === null || /^-?0+(\.0+)?$/.test(v)) return 0;
  return v.startsWith('-') ? -1 : 1;
}
