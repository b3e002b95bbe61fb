import { describe, expect, it } from 'vitest';
import { makeLine } from '@/test/fixtures';
import { filterLines } from './filterLines';

const lines = [
  makeLine({ id: '1', account_name: 'Contoso', service_name: 'Microsoft 365 E3' }),
  makeLine({ id: '2', account_name: 'Fabrikam', agreement_name: 'Backup', service_name: 'Datto' }),
  makeLine({ id: '3', account_name: 'Northwind', visible: false, hidden_reason: 'Prospect' }),
];

describe('filterLines', () => {
  it('returns everything for an empty query', () => {
    expect(filterLines(lines, '  ')).toHaveLength(3);
  });

  it('matches every word case-insensitively across fields', () => {
    expect(filterLines(lines, 'contoso e3').map((l) => l.id)).toEqual(['1']);
    expect(filterLines(lines, 'BACKUP').map((l) => l.id)).toEqual(['2']);
    expect(filterLines(lines, 'prospect').map((l) => l.id)).toEqual(['3']);
    expect(filterLines(lines, 'contoso datto')).toHaveLength(0);
  });
});
