import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useTrueupEvents } from '@/api';
import { api, emitPushChanged } from '@/test/fakeApi';
import { makeIntegration } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { mockScrollArea } from '@/test/scrollArea';
import {
  makeApproveResult,
  makeCard,
  makeCardList,
  makePreview,
  makePushEntry,
  makeReconcileSettings,
  makeWrite,
} from '@/test/trueupFixtures';
import { ReconcilePage } from './ReconcilePage';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const plain = makeCard({ id: 'c1', account_name: 'Contoso', product_name: 'M365 Business Premium', psa_quantity: '25', vendor_quantity: '27', difference: '2', monthly_impact: '44' });
const large = makeCard({
  id: 'c2',
  account_name: 'Fabrikam',
  product_name: 'M365 E3',
  psa_quantity: '40',
  vendor_quantity: '12',
  difference: '-28',
  monthly_impact: '-616',
  flags: ['large_change', 'note'],
  note: 'multi-site: check by hand',
});
const fresh = makeCard({
  id: 'c3',
  state: 'new_revenue',
  account_name: 'Northwind',
  product_name: 'Defender for Business',
  psa_quantity: '0',
  vendor_quantity: '5',
  difference: '5',
  psa_lines: [],
});
const same = makeCard({ id: 'c4', state: 'no_change', account_name: 'Tailspin', product_name: 'Exchange Online', psa_quantity: '8', vendor_quantity: '8', difference: '0', monthly_impact: '0' });
const same2 = makeCard({ id: 'c5', state: 'no_change', account_name: 'Tailspin', product_name: 'Teams Phone', difference: '0', monthly_impact: '0' });

function stubCards(cards = [plain, large, fresh, same, same2], over: Parameters<typeof makeCardList>[0] = {}) {
  vi.mocked(api.reconcile.cards).mockResolvedValue(
    makeCardList({
      cards,
      totals: { cards: cards.length, by_state: { reconcile: 2, new_revenue: 1, no_change: 2 }, revenue_added: '154', revenue_removed: '-616' },
      ...over,
    }),
  );
  vi.mocked(api.integrations.list).mockResolvedValue([
    makeIntegration({ id: 1, name: 'ConnectWise', role: 'psa' }),
    makeIntegration({ id: 2, name: 'Pax8', kind: 'pax8', role: 'vendor' }),
  ]);
}

function cardEl(id: string): HTMLElement {
  return screen.getAllByTestId('service-card').find((c) => c.dataset.id === id)!;
}

async function renderPage() {
  mockScrollArea(900, 1300);
  const r = renderWithProviders(<ReconcilePage />);
  await screen.findAllByTestId('service-card', {}, { timeout: 20_000 });
  return r;
}

// Whole-page tests with dialogs and typing: seconds each on a shared 2-core machine.
describe('Reconcile', { timeout: 30_000 }, () => {
  it('shows the cards with both quantities, the impact, flags and the totals from Go', async () => {
    stubCards();
    await renderPage();
    const c2 = cardEl('c2');
    expect(c2).toHaveTextContent('Fabrikam');
    expect(c2).toHaveTextContent('-28');
    expect(c2).toHaveTextContent('-$616.00/mo');
    expect(within(c2).getByText('Large change')).toBeInTheDocument();
    // The note flag says what the note says.
    expect(within(c2).getByText('multi-site: check by hand')).toBeInTheDocument();
    expect(screen.getByTestId('card-totals')).toHaveTextContent('5 cards · 2 Reconcile · 1 New Revenue · 2 No Change · +$154.00 added · -$616.00 removed a month');
    expect(screen.getByRole('list', { name: 'Keyboard shortcuts' })).toHaveTextContent('jknext / previous');
  });

  // jsdom on a shared CI core needs seconds for 10,000 cards (Chromium: see make bench-ui).
  it('renders only a window of 10,000 cards, in the grid and in the list', { timeout: 60_000 }, async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => makeCard({ id: `k${i}`, account_name: `Account ${i}` }));
    stubCards(many);
    const { user } = await renderPage();
    const shown = screen.getAllByTestId('service-card').length;
    expect(shown).toBeGreaterThan(4);
    expect(shown).toBeLessThan(60);
    expect(screen.queryByText('Account 9999')).not.toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'List' }));
    const rows = await screen.findAllByTestId('card-row', {}, { timeout: 20_000 });
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
  });

  it('moves with j/k and approves a plain Reconcile card with a, at once', async () => {
    stubCards();
    const { user } = await renderPage();
    await user.keyboard('j');
    expect(cardEl('c1')).toHaveAttribute('aria-current', 'true');
    await user.keyboard('jk');
    expect(cardEl('c1')).toHaveAttribute('aria-current', 'true');
    await user.keyboard('a');
    await waitFor(() => expect(api.reconcile.approve).toHaveBeenCalledWith(expect.objectContaining({ card_id: 'c1', confirm_large: false })));
    expect(api.reconcile.preview).not.toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByText('Pushed to ConnectWise.')).toBeInTheDocument();
  });

  it('keeps the keyboard focus in place when the decided card leaves the list', async () => {
    stubCards();
    const { user } = await renderPage();
    await user.keyboard('j');
    expect(cardEl('c1')).toHaveAttribute('aria-current', 'true');
    // After the approval the cards are read again, without the approved one.
    stubCards([large, fresh, same, same2]);
    await user.keyboard('a');
    await waitFor(() => expect(screen.getAllByTestId('service-card').map((c) => c.dataset.id)).not.toContain('c1'));
    await waitFor(() => expect(cardEl('c2')).toHaveAttribute('aria-current', 'true'));
  });

  it('shows the exact writes before approving a large change, and needs its confirmation', async () => {
    stubCards();
    vi.mocked(api.reconcile.preview).mockResolvedValue(
      makePreview({
        card_id: 'c2',
        large: true,
        writes: [makeWrite({ preview: 'PATCH addition 9001 on agreement "Managed Services": quantity 40 -> 12', body: '[{"op":"replace","path":"quantity","value":12}]' })],
        effective: '2026-04-01',
        explanation: 'The agreement does not prorate: ConnectWise bills the new quantity from its next invoice.',
      }),
    );
    const { user } = await renderPage();
    await user.keyboard('jj');
    await user.keyboard('a');
    const dialog = await screen.findByTestId('approve-dialog');
    expect(await within(dialog).findByText('PATCH addition 9001 on agreement "Managed Services": quantity 40 -> 12')).toBeInTheDocument();
    expect(dialog).toHaveTextContent('PATCH /finance/agreements/77/additions/9001');
    expect(dialog).toHaveTextContent('[{"op":"replace","path":"quantity","value":12}]');
    expect(dialog).toHaveTextContent('Effective Apr 1, 2026');
    expect(dialog).toHaveTextContent('ConnectWise bills the new quantity from its next invoice');
    expect(api.reconcile.preview).toHaveBeenCalledWith(expect.objectContaining({ card_id: 'c2' }));
    const go = within(dialog).getByRole('button', { name: 'Approve and push' });
    expect(go).toBeDisabled();
    expect(api.reconcile.approve).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('checkbox', { name: 'I have checked this large change' }));
    await user.click(go);
    expect(api.reconcile.approve).toHaveBeenCalledWith(expect.objectContaining({ card_id: 'c2', confirm_large: true }));
  });

  it('says an approval is queued when the PSA does not answer', async () => {
    stubCards();
    vi.mocked(api.reconcile.approve).mockResolvedValue(
      makeApproveResult({ card_id: 'c1', pushes: [makePushEntry({ state: 'queued', last_error: 'connection refused' })], message: '' }),
    );
    const { user } = await renderPage();
    await user.click(within(cardEl('c1')).getByRole('button', { name: 'Approve M365 Business Premium for Contoso' }));
    expect(await screen.findByText('Approved M365 Business Premium for Contoso: queued, will be sent when ConnectWise answers')).toBeInTheDocument();
  });

  it('dismisses with d and an optional note', async () => {
    stubCards();
    const { user } = await renderPage();
    await user.keyboard('jd');
    const dialog = await screen.findByTestId('dismiss-dialog');
    await user.type(within(dialog).getByLabelText('Note (optional)'), 'renewal in May');
    await user.click(within(dialog).getByRole('button', { name: 'Dismiss' }));
    expect(api.reconcile.dismiss).toHaveBeenCalledWith(['c1'], 'renewal in May');
  });

  it('reviews New Revenue: an agreement is required, the preview follows the form, then approve', async () => {
    stubCards();
    vi.mocked(api.reconcile.preview).mockImplementation(async (req) =>
      makePreview({
        card_id: req.card_id,
        agreements: [
          { id: '77', name: 'Managed Services', prorates: false },
          { id: '78', name: 'Security Bundle', prorates: true },
        ],
        writes: req.agreement_id ? [makeWrite({ kind: 'new_line', method: 'POST', path: `/finance/agreements/${req.agreement_id}/additions`, preview: `POST a new addition: ${req.quantity || '5'} x Defender for Business` })] : [],
      }),
    );
    const { user } = await renderPage();
    await user.click(within(cardEl('c3')).getByRole('button', { name: 'Approve Defender for Business for Northwind' }));
    const dialog = await screen.findByTestId('review-dialog');
    const go = within(dialog).getByRole('button', { name: 'Approve and push' });
    expect(go).toBeDisabled();
    expect(dialog).toHaveTextContent('Choose the agreement to see the new line.');
    await user.click(within(dialog).getByRole('combobox', { name: /Agreement/ }));
    await user.click(await screen.findByRole('option', { name: /Security Bundle/ }));
    const qty = within(dialog).getByLabelText('Quantity');
    await user.clear(qty);
    await user.type(qty, '6');
    expect(await within(dialog).findByText('POST a new addition: 6 x Defender for Business')).toBeInTheDocument();
    expect(api.reconcile.preview).toHaveBeenLastCalledWith(expect.objectContaining({ card_id: 'c3', agreement_id: '78', quantity: '6' }));
    await waitFor(() => expect(go).toBeEnabled());
    await user.click(go);
    expect(api.reconcile.approve).toHaveBeenCalledWith(expect.objectContaining({ card_id: 'c3', agreement_id: '78', quantity: '6' }));
  });

  it('bulk approves the selection: warns the first time, leaves large changes out unless confirmed, sums up', async () => {
    stubCards();
    vi.mocked(api.reconcile.settings).mockResolvedValue(makeReconcileSettings({ bulk_warning_seen: false }));
    vi.mocked(api.reconcile.bulkApprove).mockResolvedValue({
      approved: [makeApproveResult({ card_id: 'c1' })],
      acknowledged: [],
      skipped: [{ card_id: 'c2', reason: 'large change not confirmed' }],
    });
    const { user } = await renderPage();
    await user.click(screen.getByRole('radio', { name: 'List' }));
    await screen.findAllByTestId('card-row');
    await user.keyboard('jx');
    await user.click(screen.getByRole('checkbox', { name: 'Select M365 E3 for Fabrikam' }));
    await user.click(screen.getByRole('button', { name: 'Approve selected' }));

    const warning = await screen.findByTestId('bulk-warning');
    expect(warning).toHaveTextContent('Large changes are left out unless you confirm each one');
    await user.click(within(warning).getByRole('button', { name: 'I understand, continue' }));
    expect(api.reconcile.setSettings).toHaveBeenCalledWith(expect.objectContaining({ bulk_warning_seen: true }));

    const confirm = await screen.findByTestId('bulk-confirm');
    expect(confirm).toHaveTextContent('1 large change is left out unless you confirm each one.');
    await user.click(within(confirm).getByRole('button', { name: 'Approve 1 card' }));
    expect(api.reconcile.bulkApprove).toHaveBeenCalledWith({ card_ids: ['c1', 'c2'], confirmed: [], note: '' });

    const result = await screen.findByTestId('bulk-result');
    expect(result).toHaveTextContent('1 card approved');
    expect(within(result).getByTestId('bulk-skipped')).toHaveTextContent('Fabrikam · M365 E3: large change not confirmed');
    await user.click(within(result).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('region', { name: 'Selection' })).not.toBeInTheDocument();
  });

  it('shows the bulk warning only once, and sends a large change the user confirmed', async () => {
    stubCards();
    vi.mocked(api.reconcile.settings).mockResolvedValue(makeReconcileSettings({ bulk_warning_seen: true }));
    const { user } = await renderPage();
    await user.click(screen.getByRole('radio', { name: 'List' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Select every card of the filter' }));
    await user.click(screen.getByRole('button', { name: 'Approve selected' }));
    const confirm = await screen.findByTestId('bulk-confirm');
    expect(screen.queryByTestId('bulk-warning')).not.toBeInTheDocument();
    await user.click(within(confirm).getByRole('checkbox', { name: 'Include the large change of M365 E3 for Fabrikam' }));
    await user.click(within(confirm).getByRole('button', { name: 'Approve 5 cards' }));
    expect(api.reconcile.bulkApprove).toHaveBeenCalledWith({ card_ids: ['c1', 'c2', 'c3', 'c4', 'c5'], confirmed: ['c2'], note: '' });
  });

  it('acknowledges every No Change card shown in one action', async () => {
    stubCards();
    const { user } = await renderPage();
    await user.click(screen.getByRole('button', { name: 'Acknowledge all shown (2)' }));
    expect(api.reconcile.acknowledge).toHaveBeenCalledWith(['c4', 'c5']);
    expect(await screen.findByText('Acknowledged 2 No Change cards')).toBeInTheDocument();
  });

  it('asks Go for the filter: state, direction, vendor and search', async () => {
    stubCards();
    const { user } = await renderPage();
    expect(api.reconcile.cards).toHaveBeenLastCalledWith({ state: '', account: '', vendor: '', direction: '', search: '', all: false });
    await user.click(screen.getByRole('radio', { name: 'Increases' }));
    await waitFor(() => expect(api.reconcile.cards).toHaveBeenLastCalledWith(expect.objectContaining({ direction: 'increase' })));
    await user.click(screen.getByRole('radio', { name: 'New Revenue' }));
    await waitFor(() => expect(api.reconcile.cards).toHaveBeenLastCalledWith(expect.objectContaining({ state: 'new_revenue', direction: 'increase' })));
    await user.click(screen.getByRole('combobox', { name: 'Vendor' }));
    await user.click(await screen.findByRole('option', { name: 'Pax8' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search cards' }), 'conto');
    await waitFor(() => expect(api.reconcile.cards).toHaveBeenLastCalledWith(expect.objectContaining({ vendor: 'Pax8', search: 'conto' })));
    await user.click(screen.getByRole('switch', { name: 'Show decided' }));
    await waitFor(() => expect(api.reconcile.cards).toHaveBeenLastCalledWith(expect.objectContaining({ all: true })));
  });

  it('groups by account with a header per account', async () => {
    stubCards();
    const { user } = await renderPage();
    await user.click(screen.getByRole('combobox', { name: 'Group by' }));
    await user.click(await screen.findByRole('option', { name: 'Account' }));
    const headings = await screen.findAllByRole('heading', { level: 2 });
    expect(headings.map((h) => h.textContent)).toEqual(['Contoso1 card', 'Fabrikam1 card', 'Northwind1 card', 'Tailspin2 cards']);
  });

  it('warns while a sync runs and when data predates the cycle, with Sync now', async () => {
    stubCards([plain], {
      sync_running: true,
      freshness: [
        { integration_id: 1, integration: 'ConnectWise', role: 'psa', last_fetched_at: '2026-01-20T10:00:00Z', stale: true, running: false },
        { integration_id: 2, integration: 'Pax8', role: 'vendor', last_fetched_at: '2026-03-04T09:00:00Z', stale: false, running: true },
      ],
    });
    const { user } = await renderPage();
    expect(screen.getByTestId('sync-running-banner')).toHaveTextContent('A sync is running');
    const stale = screen.getByTestId('stale-banner');
    expect(stale).toHaveTextContent('ConnectWise');
    expect(stale).not.toHaveTextContent('Pax8');
    await user.click(within(stale).getByRole('button', { name: 'Sync ConnectWise now' }));
    expect(api.sync.start).toHaveBeenCalledWith({ integration_ids: [1], mode: 'quick', since: '' });
  });

  it('shows each card’s push state live from push:changed, with the last error', async () => {
    stubCards();
    function WithEvents() {
      useTrueupEvents();
      return <ReconcilePage />;
    }
    mockScrollArea(900, 1300);
    renderWithProviders(<WithEvents />);
    await screen.findAllByTestId('service-card');
    emitPushChanged(makePushEntry({ id: 5, card_id: 'c1', state: 'sending' }));
    await waitFor(() => expect(within(cardEl('c1')).getByText('Sending')).toBeInTheDocument());
    emitPushChanged(makePushEntry({ id: 5, card_id: 'c1', state: 'conflict', last_error: 'ConnectWise now says 26, you approved 25 -> 27', updated_at: '2026-03-04T10:00:05Z' }));
    await waitFor(() => expect(within(cardEl('c1')).getByText('Conflict')).toBeInTheDocument());
    expect(within(cardEl('c1')).getByRole('note')).toHaveTextContent('ConnectWise now says 26, you approved 25 -> 27');
    // A settled push re-reads the cards (a pushed line moves its card to No Change).
    await waitFor(() => expect(api.reconcile.cards).toHaveBeenCalledTimes(2));
    // An older event delivered late does not replace it.
    emitPushChanged(makePushEntry({ id: 5, card_id: 'c1', state: 'sending', updated_at: '2026-03-04T10:00:01Z' }));
    await new Promise((r) => setTimeout(r, 20));
    expect(within(cardEl('c1')).getByText('Conflict')).toBeInTheDocument();
  });

  it('opens the evidence behind a number: the lines and subscriptions with their fetch times', async () => {
    stubCards();
    const { user } = await renderPage();
    await user.click(within(cardEl('c1')).getByRole('button', { name: 'Vendor quantity 27: show where it comes from' }));
    const pop = await screen.findByTestId('evidence-vendor');
    expect(pop).toHaveTextContent('Pax8 · Contoso');
    expect(pop).toHaveTextContent('sub-1');
    expect(pop).toHaveTextContent('Monthly');
    expect(within(pop).getByText(/^fetched /)).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('evidence-vendor')).not.toBeInTheDocument());
    // Focus goes back to the number, now the popover's trigger.
    expect(within(cardEl('c1')).getByRole('button', { name: 'Vendor quantity 27: show where it comes from' })).toHaveFocus();
    const psaButton = within(cardEl('c1')).getByRole('button', { name: 'PSA quantity 25: show where it comes from' });
    // Until it is first clicked a number is a plain button: no popover is mounted for it.
    expect(psaButton).toHaveAttribute('aria-haspopup', 'dialog');
    expect(psaButton).not.toHaveAttribute('aria-controls');
    await user.click(psaButton);
    const psa = await screen.findByTestId('evidence-psa');
    expect(psa).toHaveTextContent('Managed Services');
    expect(psa).toHaveTextContent('line 9001');
    expect(psa).toHaveTextContent('Push target');
  });

  it('does not take shortcuts typed into the search', async () => {
    stubCards();
    const { user } = await renderPage();
    await user.type(screen.getByRole('searchbox', { name: 'Search cards' }), 'ja');
    expect(screen.getAllByTestId('service-card').some((c) => c.getAttribute('aria-current') === 'true')).toBe(false);
    expect(api.reconcile.approve).not.toHaveBeenCalled();
  });
});
