import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { makeIntegration } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { makeMappingList, makeMappingRow, makeSuggestion, makeUnmapped } from '@/test/trueupFixtures';
import { MappingPage } from './MappingPage';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const eastgate = makeMappingRow({
  vendor_id: 'pax-eg',
  vendor_name: 'Eastgate Property Mgmt',
  subscriptions: 4,
  monthly_cost: '310.5',
  suggestions: [
    makeSuggestion({ psa_id: '12', psa_name: 'Eastgate Holdings', match: 'fuzzy', score: 0.62, reason: 'Eastgate Property Mgmt ~ Eastgate Holdings, 0.62' }),
    makeSuggestion({
      psa_id: '11',
      psa_name: 'Eastgate Property Management',
      match: 'fuzzy',
      score: 0.91,
      reason: 'Eastgate Property Mgmt ~ Eastgate Property Management, 0.91',
    }),
  ],
});
const contoso = makeMappingRow({
  vendor_id: 'pax-co',
  vendor_name: 'Contoso LLC',
  suggestions: [makeSuggestion({ psa_id: '7', psa_name: 'Contoso', match: 'exact', score: 1 })],
});
const mapped = makeMappingRow({ vendor_id: 'pax-fa', vendor_name: 'Fabrikam', state: 'mapped', psa_integration_id: 1, psa_id: '9', psa_name: 'Fabrikam Inc', note: 'multi-site: check by hand (tags: vip)', note_text: 'multi-site: check by hand', tags: ['vip'] });
const gone = makeMappingRow({ vendor_id: 'pax-old', vendor_name: 'Old Customer', state: 'mapped', psa_id: '3', psa_name: 'Old Customer', gone: true });
const product = makeMappingRow({ vendor_id: 'sku-1', kind: 'product', vendor_name: 'Microsoft 365 E3', suggestions: [] });

function stub() {
  vi.mocked(api.integrations.list).mockResolvedValue([makeIntegration({ id: 1, role: 'psa' })]);
  vi.mocked(api.mappings.list).mockResolvedValue(
    makeMappingList({
      rows: [eastgate, contoso, mapped, gone, product],
      unmapped: [makeUnmapped({ accounts: 2, products: 1, subscriptions: 9, monthly_cost: '1234.5' })],
    }),
  );
  vi.mocked(api.mappings.map).mockImplementation(async (req) => makeMappingRow({ vendor_id: req.vendor_id, state: 'mapped' }));
}

async function rowOf(vendorId: string) {
  const rows = await screen.findAllByTestId('mapping-row');
  return rows.find((r) => r.dataset.vendorId === vendorId)!;
}

describe('Mapping', { timeout: 20_000 }, () => {
  it('lists the unmapped accounts with the best suggestion first and what waits behind them', async () => {
    stub();
    renderWithProviders(<MappingPage />);
    const rows = await screen.findAllByTestId('mapping-row');
    expect(rows.map((r) => r.dataset.vendorId)).toEqual(['pax-eg', 'pax-co']);
    const eg = rows[0]!;
    // Fuzzy: the higher score leads, with its score and the reason.
    expect(within(eg).getByTestId('accept-suggestion')).toHaveTextContent('Eastgate Property Management');
    expect(eg).toHaveTextContent('~ 0.91');
    expect(eg).toHaveTextContent('Eastgate Property Mgmt ~ Eastgate Property Management, 0.91');
    expect(eg).toHaveTextContent('4 subscriptions');
    expect(eg).toHaveTextContent('$310.50/mo');
    expect(within(rows[1]!).getByText('Exact')).toBeInTheDocument();
    expect(screen.getByTestId('unmapped-summary')).toHaveTextContent(
      'Pax8: 2 accounts and 1 product unmapped · 9 subscriptions ($1,234.50 a month) wait behind them',
    );
  });

  it('accepts a suggestion with one click', async () => {
    stub();
    const { user } = renderWithProviders(<MappingPage />);
    await user.click(await screen.findByRole('button', { name: 'Accept Eastgate Property Management for Eastgate Property Mgmt' }));
    expect(api.mappings.map).toHaveBeenCalledWith({
      integration_id: 2,
      kind: 'account',
      vendor_id: 'pax-eg',
      psa_integration_id: 1,
      psa_id: '11',
      exclude: false,
      clear: false,
    });
    expect(await screen.findByText('Mapped Eastgate Property Mgmt to Eastgate Property Management')).toBeInTheDocument();
    // The list and the counts are read again.
    await waitFor(() => expect(api.mappings.list).toHaveBeenCalledTimes(2));
  });

  it('accepts the focused row’s best suggestion with Enter', async () => {
    stub();
    const { user } = renderWithProviders(<MappingPage />);
    const rows = await screen.findAllByTestId('mapping-row');
    rows[0]!.focus();
    await user.keyboard('{ArrowDown}');
    expect(rows[1]).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(api.mappings.map).toHaveBeenCalledTimes(1);
    expect(api.mappings.map).toHaveBeenCalledWith(expect.objectContaining({ vendor_id: 'pax-co', psa_id: '7' }));
  });

  it('lists the alternatives in a popover, each with its own accept', async () => {
    stub();
    const { user } = renderWithProviders(<MappingPage />);
    await user.click(await screen.findByRole('button', { name: '1 more suggestions for Eastgate Property Mgmt' }));
    const pop = await screen.findByRole('dialog', { name: 'Other suggestions for Eastgate Property Mgmt' });
    expect(pop).toHaveTextContent('Eastgate Property Mgmt ~ Eastgate Holdings, 0.62');
    await user.click(within(pop).getByRole('button', { name: 'Accept Eastgate Holdings for Eastgate Property Mgmt' }));
    expect(api.mappings.map).toHaveBeenCalledWith(expect.objectContaining({ vendor_id: 'pax-eg', psa_id: '12' }));
  });

  it('accepts every exact match in one action and says how many', async () => {
    stub();
    vi.mocked(api.mappings.acceptExact).mockResolvedValue(1);
    const { user } = renderWithProviders(<MappingPage />);
    await user.click(await screen.findByRole('button', { name: 'Accept all exact matches (1)' }));
    expect(api.mappings.acceptExact).toHaveBeenCalledWith(0);
    expect(await screen.findByText('Accepted 1 exact match')).toBeInTheDocument();
  });

  it('picks any PSA target from a searchable list', async () => {
    stub();
    vi.mocked(api.mappings.options).mockImplementation(async (_psa, _kind, q) =>
      q === 'north' ? [{ psa_integration_id: 1, id: '44', name: 'Northwind Traders', detail: '2 sites' }] : [],
    );
    const { user } = renderWithProviders(<MappingPage />);
    await user.click(await screen.findByRole('button', { name: 'Choose the PSA account for Contoso LLC' }));
    await user.type(await screen.findByRole('searchbox', { name: 'Search PSA accounts' }), 'north');
    await user.click(await screen.findByRole('option', { name: /Northwind Traders/ }));
    expect(api.mappings.options).toHaveBeenCalledWith(1, 'account', 'north');
    expect(api.mappings.map).toHaveBeenCalledWith(expect.objectContaining({ vendor_id: 'pax-co', psa_integration_id: 1, psa_id: '44' }));
  });

  it('asks which PSA to map to when there are several', async () => {
    stub();
    vi.mocked(api.integrations.list).mockResolvedValue([
      makeIntegration({ id: 1, name: 'ConnectWise', role: 'psa' }),
      makeIntegration({ id: 3, name: 'Autotask', kind: 'autotask', role: 'psa' }),
    ]);
    vi.mocked(api.mappings.options).mockImplementation(async (psa, _kind, q) =>
      psa === 3 && q === 'north' ? [{ psa_integration_id: 3, id: '0815', name: 'Northwind Traders', detail: '' }] : [],
    );
    const { user } = renderWithProviders(<MappingPage />);
    await user.click(await screen.findByRole('button', { name: 'Choose the PSA account for Contoso LLC' }));
    const psa = await screen.findByRole('radiogroup', { name: 'PSA' });
    expect(within(psa).getByRole('radio', { name: 'ConnectWise' })).toHaveAttribute('aria-checked', 'true');
    await user.click(within(psa).getByRole('radio', { name: 'Autotask' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search PSA accounts' }), 'north');
    await user.click(await screen.findByRole('option', { name: /Northwind Traders/ }));
    expect(api.mappings.options).toHaveBeenCalledWith(3, 'account', 'north');
    expect(api.mappings.map).toHaveBeenCalledWith(expect.objectContaining({ vendor_id: 'pax-co', psa_integration_id: 3, psa_id: '0815' }));
  });

  it('asks no PSA question with only one PSA', async () => {
    stub();
    const { user } = renderWithProviders(<MappingPage />);
    await user.click(await screen.findByRole('button', { name: 'Choose the PSA account for Contoso LLC' }));
    await screen.findByRole('searchbox', { name: 'Search PSA accounts' });
    expect(screen.queryByRole('radiogroup', { name: 'PSA' })).not.toBeInTheDocument();
  });

  it('excludes and clears', async () => {
    stub();
    const { user } = renderWithProviders(<MappingPage />);
    await user.click(await screen.findByRole('button', { name: 'Exclude Contoso LLC' }));
    expect(api.mappings.map).toHaveBeenLastCalledWith(expect.objectContaining({ vendor_id: 'pax-co', exclude: true, clear: false, psa_id: '' }));
    await user.click(screen.getByRole('radio', { name: /Mapped/ }));
    await user.click(await screen.findByRole('button', { name: 'Clear the mapping of Fabrikam' }));
    expect(api.mappings.map).toHaveBeenLastCalledWith(expect.objectContaining({ vendor_id: 'pax-fa', clear: true, exclude: false }));
  });

  it('filters by state and kind, and marks ids that left the source', async () => {
    stub();
    const { user } = renderWithProviders(<MappingPage />);
    await screen.findAllByTestId('mapping-row');
    await user.click(screen.getByRole('radio', { name: 'Mapped 2' }));
    const old = await rowOf('pax-old');
    expect(within(old).getByText('No longer at the source')).toBeInTheDocument();
    expect(await rowOf('pax-fa')).toHaveTextContent('multi-site: check by hand');
    await user.click(screen.getByRole('tab', { name: /Products/ }));
    await user.click(screen.getByRole('radio', { name: 'Unmapped 1' }));
    expect((await screen.findAllByTestId('mapping-row')).map((r) => r.dataset.vendorId)).toEqual(['sku-1']);
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'nothing like it');
    expect(screen.getByText('Nothing matches')).toBeInTheDocument();
  });

  it('edits the note and tags of a mapped account', async () => {
    stub();
    const { user } = renderWithProviders(<MappingPage />);
    await screen.findAllByTestId('mapping-row');
    await user.click(screen.getByRole('radio', { name: 'Mapped 2' }));
    await user.click(await screen.findByRole('button', { name: 'Note on Fabrikam Inc' }));
    const dialog = await screen.findByRole('dialog', { name: 'Note on Fabrikam Inc' });
    const note = within(dialog).getByLabelText('Note');
    // The dialog edits the note's parts: the text and the stored tags, never the display text.
    expect(note).toHaveValue('multi-site: check by hand');
    expect(within(dialog).getByLabelText('Tags')).toHaveValue('vip');
    await user.clear(note);
    await user.type(note, 'two sites, one bill');
    await user.type(within(dialog).getByLabelText('Tags'), ', multi-site, annual, multi-site');
    await user.click(within(dialog).getByRole('button', { name: 'Save note' }));
    expect(api.mappings.setAccountNote).toHaveBeenCalledWith({
      psa_integration_id: 1,
      account_id: '9',
      note: 'two sites, one bill',
      tags: ['vip', 'multi-site', 'annual'],
    });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Note on Fabrikam Inc' })).not.toBeInTheDocument());
  });

  it('says what the backend answered when the list cannot be read', async () => {
    vi.mocked(api.mappings.list).mockRejectedValue(new Error('this part of the true-up is not built yet'));
    renderWithProviders(<MappingPage />);
    expect(await screen.findByText('Could not read the mappings: this part of the true-up is not built yet')).toBeInTheDocument();
  });
});
