// Number formatting with a stable, tabular look.

export function formatCount(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(Number.isFinite(n) ? n : 0);
}

/** Quantities may be fractional (licences are usually whole). */
export function formatQuantity(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(
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
