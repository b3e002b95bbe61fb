import { describe, expect, it } from 'vitest';
import { makeCard, makePushEntry } from '@/test/trueupFixtures';
import { acknowledgeOnly, approvesDirectly, arrange, flagInfo, pushOf } from './cardModel';

describe('card model', () => {
  it.each([
    [makeCard({ state: 'reconcile' }), true],
    [makeCard({ state: 'reconcile', flags: ['large_change'] }), false],
    [makeCard({ state: 'new_revenue' }), false],
    [makeCard({ state: 'no_vendor_data' }), false],
  ])('approves directly: %#', (card, want) => {
    expect(approvesDirectly(card)).toBe(want);
  });

  it.each([
    ['no_change', true],
    ['no_vendor_data', true],
    ['reconcile', false],
    ['new_revenue', false],
  ])('a %s card is acknowledged instead of approved: %s', (state, want) => {
    expect(acknowledgeOnly(makeCard({ state }))).toBe(want);
  });

  it('groups by account name, keeping the server order inside a group', () => {
    const cards = [
      makeCard({ id: '1', account_name: 'Zeta' }),
      makeCard({ id: '2', account_name: 'alpha' }),
      makeCard({ id: '3', account_name: 'Zeta' }),
      makeCard({ id: '4', account_name: 'Alpha' }),
    ];
    expect(arrange(cards, 'account').map((c) => c.id)).toEqual(['2', '4', '1', '3']);
    expect(arrange(cards, 'none')).toBe(cards);
  });

  it('shows the note’s text on the note flag', () => {
    expect(flagInfo('note', 'multi-site: check by hand').label).toBe('multi-site: check by hand');
    expect(flagInfo('large_change', '').label).toBe('Large change');
    expect(flagInfo('brand_new_flag', '').label).toBe('brand new flag');
  });

  it('prefers the live push event over the state the card was read with', () => {
    const card = makeCard({ id: 'c', push: 'queued' });
    expect(pushOf(card, {})?.state).toBe('queued');
    expect(pushOf(card, { c: makePushEntry({ card_id: 'c', state: 'failed', last_error: 'HTTP 403' }) })).toEqual({
      state: 'failed',
      lastError: 'HTTP 403',
      integration: 'ConnectWise',
    });
  });

  it("says reverted once a revert's own entry is pushed", () => {
    const card = makeCard({ id: 'c', push: 'pushed' });
    const revert = (state: string) => pushOf(card, { c: makePushEntry({ card_id: 'c', revert: true, state }) })?.state;
    expect(revert('pushed')).toBe('reverted');
    expect(revert('queued')).toBe('queued');
    expect(pushOf(card, { c: makePushEntry({ card_id: 'c', state: 'pushed' }) })?.state).toBe('pushed');
  });
});
