// Intl formatters, made once per locale and options and kept. Making one costs far more
// than formatting with it (ICU loads its patterns: in WebKitGTK's JavaScriptCore the first
// date formatter of a launch took 11-12 ms), and the screens made one per row or log line.
// One made for the user's locale keeps the time zone it was made in: a change of the
// system's zone or language shows after a restart, as in most desktop apps. A few locales
// and option sets at most, so the maps stay tiny.

const numbers = new Map<string, Intl.NumberFormat>();
const dates = new Map<string, Intl.DateTimeFormat>();

function kept<T>(cache: Map<string, T>, locale: string | undefined, opts: object, make: () => T): T {
  const key = `${locale ?? ''}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** The kept Intl.NumberFormat for locale (the user's when undefined) and opts. */
export function numberFormat(locale?: string, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return kept(numbers, locale, opts, () => new Intl.NumberFormat(locale, opts));
}

/** The kept Intl.DateTimeFormat for locale (the user's when undefined) and opts. */
export function dateTimeFormat(locale?: string, opts: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return kept(dates, locale, opts, () => new Intl.DateTimeFormat(locale, opts));
}
