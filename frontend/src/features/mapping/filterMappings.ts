import type { MappingKind, MappingRow, MappingState } from '@/api';

export interface MappingFilter {
  kind: MappingKind;
  /** A vendor integration id, 0 for every one. */
  integrationId: number;
  state: MappingState | 'all';
  search: string;
}

/** The rows the Mapping screen shows: one kind, one vendor, one state, a name search. */
export function filterMappings(rows: MappingRow[], f: MappingFilter): MappingRow[] {
  const q = f.search.trim().toLowerCase();
  return rows.filter(
    (r) =>
      r.kind === f.kind &&
      (f.integrationId === 0 || r.integration_id === f.integrationId) &&
      (f.state === 'all' || r.state === f.state) &&
      (q === '' ||
        r.vendor_name.toLowerCase().includes(q) ||
        r.vendor_id.toLowerCase().includes(q) ||
        r.psa_name.toLowerCase().includes(q) ||
        r.suggestions.some((s) => s.psa_name.toLowerCase().includes(q))),
  );
}

/** Rows of one kind and vendor per state, for the filter's counts. */
export function countByState(rows: MappingRow[], kind: MappingKind, integrationId: number): Record<MappingState | 'all', number> {
  const out = { all: 0, unmapped: 0, mapped: 0, excluded: 0 };
  for (const r of rows) {
    if (r.kind !== kind || (integrationId !== 0 && r.integration_id !== integrationId)) continue;
    out.all++;
    if (r.state === 'unmapped' || r.state === 'mapped' || r.state === 'excluded') out[r.state]++;
  }
  return out;
}

/** The suggestions best first: exact ones, then fuzzy by score. */
export function rankedSuggestions(row: MappingRow): MappingRow['suggestions'] {
  return [...(row.suggestions ?? [])].sort((a, b) => {
    if (a.match !== b.match) return a.match === 'exact' ? -1 : 1;
    return b.score - a.score;
  });
}

/** Unmapped rows whose best suggestion is exact (what "Accept all exact matches" takes). */
export function exactCount(rows: MappingRow[], integrationId: number): number {
  return rows.filter(
    (r) =>
      r.state === 'unmapped' &&
      (integrationId === 0 || r.integration_id === integrationId) &&
      (r.suggestions ?? []).some((s) => s.match === 'exact'),
  ).length;
}
