// Intl formatters, made once per locale and options and kept. Making one costs far more
// than formatting with it (ICU loads its patterns; in WebKitGTK's JavaScriptCore the first
// date formatter of a launch took tens of milliseconds of the first screen's render), and
// one never changes. A few locales and option sets at most, so the maps stay tiny.

const numbers = new Map<string, Intl.NumberFormat>();
const dates = new Map<string, Intl.DateTimeFormat>();

function keyOf(locale: string | undefined, opts: object): string {
  return `${locale ?? ''}|${JSON.stringify(opts)}`;
}

/** The kept Intl.NumberFormat for locale (the user's when undefined) and opts. */
export function numberFormat(locale?: string, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = keyOf(locale, opts);
  let f = numbers.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, opts);
    numbers.set(key, f);
  }
  return f;
}

/** The kept Intl.DateTimeFormat for locale (the user's when undefined) and opts. */
export function dateTimeFormat(locale?: string, opts: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  const key = keyOf(locale, opts);
  let f = dates.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, opts);
    dates.set(key, f);
  }
  return f;
}
