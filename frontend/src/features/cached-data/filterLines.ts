import type { Line } from '@/api';

/** Client-side search: every word must appear in one of the line's text fields. */
export function filterLines(lines: Line[], query: string): Line[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return lines;
  return lines.filter((line) => {
    const haystack = [
      line.account_name,
      line.agreement_name,
      line.service_name,
      line.status,
      line.hidden_reason,
    ]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
