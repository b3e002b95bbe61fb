import { describe, expect, it } from 'vitest';
import { makeMappingRow, makeSuggestion } from '@/test/trueupFixtures';
import { countByState, exactCount, filterMappings, rankedSuggestions } from './filterMappings';

const rows = [
  makeMappingRow({ vendor_id: 'a', vendor_name: 'Eastgate Property Mgmt', suggestions: [makeSuggestion({ match: 'fuzzy', score: 0.91 })] }),
  makeMappingRow({ vendor_id: 'b', vendor_name: 'Contoso', state: 'mapped', psa_name: 'Contoso Ltd' }),
  makeMappingRow({ vendor_id: 'c', vendor_name: 'Fabrikam', integration_id: 3, suggestions: [makeSuggestion({ psa_name: 'Fabrikam' })] }),
  makeMappingRow({ vendor_id: 'p', kind: 'product', vendor_name: 'M365 E3', state: 'excluded' }),
];

describe('filterMappings', () => {
  it.each([
    [{ kind: 'account', integrationId: 0, state: 'all', search: '' }, ['a', 'b', 'c']],
    [{ kind: 'account', integrationId: 0, state: 'unmapped', search: '' }, ['a', 'c']],
    [{ kind: 'account', integrationId: 3, state: 'all', search: '' }, ['c']],
    [{ kind: 'account', integrationId: 0, state: 'all', search: 'contoso ltd' }, ['b']],
    // A suggestion's name is searched too: typing the PSA name finds the vendor item.
    [{ kind: 'account', integrationId: 0, state: 'all', search: 'management' }, ['a']],
    [{ kind: 'product', integrationId: 0, state: 'excluded', search: '' }, ['p']],
  ] as const)('%o -> %o', (f, want) => {
    expect(filterMappings(rows, f).map((r) => r.vendor_id)).toEqual(want);
  });

  it('counts per state within kind and vendor', () => {
    expect(countByState(rows, 'account', 0)).toEqual({ all: 3, unmapped: 2, mapped: 1, excluded: 0 });
  });

  it('ranks exact first, then fuzzy by score', () => {
    const r = makeMappingRow({
      suggestions: [
        makeSuggestion({ psa_id: '1', match: 'fuzzy', score: 0.8 }),
        makeSuggestion({ psa_id: '2', match: 'fuzzy', score: 0.93 }),
        makeSuggestion({ psa_id: '3', match: 'exact', score: 1 }),
      ],
    });
    expect(rankedSuggestions(r).map((s) => s.psa_id)).toEqual(['3', '2', '1']);
  });

  it('counts the unmapped items with an exact suggestion', () => {
    expect(exactCount(rows, 0)).toBe(1);
    expect(exactCount(rows, 2)).toBe(0);
  });
});
