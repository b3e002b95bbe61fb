import { cycleLabel } from './ledgerLabels';

describe('cycleLabel', () => {
  it('names the month in English, as the sentences it stands in are', () => {
    expect(cycleLabel('2026-12')).toBe('December 2026');
    expect(cycleLabel('2027-01')).toBe('January 2027');
  });

  // The build renders its first screen with a token for the month, which Go fills in
  // (internal/startupview): a value that is not a cycle comes back as it is.
  it('gives back what is not a cycle', () => {
    expect(cycleLabel('{{trueup-slot-0}}')).toBe('{{trueup-slot-0}}');
    expect(cycleLabel('2026-1')).toBe('2026-1');
  });
});
