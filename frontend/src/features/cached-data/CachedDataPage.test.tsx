import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { makeIntegration, makeLine, makeLines } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { CachedDataPage } from './CachedDataPage';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const visible = [
  makeLine({ id: 'a', account_name: 'Contoso', service_name: 'Microsoft 365 E3', quantity: 25 }),
  makeLine({ id: 'b', account_name: 'Fabrikam', agreement_name: 'Backup plan', service_name: 'Datto backup', quantity: 3 }),
];
const hidden = makeLine({ id: 'c', account_name: 'Northwind', service_name: 'Old antivirus', quantity: 9, visible: false, hidden_reason: 'company status is Prospect' });

function stubLines() {
  vi.mocked(api.integrations.list).mockResolvedValue([makeIntegration({ id: 1, name: 'ConnectWise' })]);
  vi.mocked(api.data.lines).mockImplementation(async (_id, includeHidden) =>
    makeLines({ lines: includeHidden ? [...visible, hidden] : visible, visible: 2, hidden: 1 }),
  );
}

describe('Cached Data', () => {
  it('lists visible lines with PSA columns and counts', async () => {
    stubLines();
    renderWithProviders(<CachedDataPage />);
    const rows = await screen.findAllByTestId('line-row');
    expect(rows).toHaveLength(2);
    expect(screen.getByRole('columnheader', { name: 'Agreement' })).toBeInTheDocument();
    expect(screen.getByTestId('line-counts')).toHaveTextContent('2 visible · 1 hidden');
    expect(screen.getByRole('heading', { name: /Cached data · fetched/ })).toBeInTheDocument();
    expect(within(rows[0]!).getByText('25')).toHaveClass('right');
    expect(api.data.lines).toHaveBeenCalledWith(1, false);
  });

  it('shows hidden lines greyed with their reason when toggled', async () => {
    stubLines();
    const { user } = renderWithProviders(<CachedDataPage />);
    await screen.findAllByTestId('line-row');
    expect(screen.queryByText('Northwind')).not.toBeInTheDocument();
    await user.click(screen.getByRole('switch', { name: 'Show hidden lines' }));
    const northwind = (await screen.findByText('Northwind')).closest('tr')!;
    expect(northwind).toHaveAttribute('data-hidden', 'true');
    expect(northwind).toHaveClass('is-hidden');
    expect(northwind).toHaveTextContent('Hidden: company status is Prospect');
    expect(api.data.lines).toHaveBeenLastCalledWith(1, true);
  });

  it('picks the integration from a styled list, not a native select', async () => {
    vi.mocked(api.integrations.list).mockResolvedValue([
      makeIntegration({ id: 1, name: 'ConnectWise' }),
      makeIntegration({ id: 2, name: 'Pax8', kind: 'pax8', role: 'vendor' }),
    ]);
    vi.mocked(api.data.lines).mockResolvedValue(makeLines({ lines: visible, visible: 2 }));
    const { user } = renderWithProviders(<CachedDataPage />);
    await screen.findAllByTestId('line-row');
    expect(document.querySelector('select')).toBeNull();
    const picker = screen.getByRole('combobox', { name: 'Integration' });
    expect(picker).toHaveTextContent('ConnectWise');
    await user.click(picker);
    await user.click(await screen.findByRole('option', { name: /Pax8/ }));
    expect(api.data.lines).toHaveBeenLastCalledWith(2, false);
  });

  it('does not repeat the usual status under every line, only the unusual ones', async () => {
    vi.mocked(api.integrations.list).mockResolvedValue([makeIntegration({ id: 1, name: 'ConnectWise' })]);
    vi.mocked(api.data.lines).mockResolvedValue(
      makeLines({
        lines: [
          makeLine({ id: 'a', account_name: 'Contoso', status: 'Active' }),
          makeLine({ id: 'b', account_name: 'Fabrikam', status: 'Suspended' }),
        ],
        visible: 2,
      }),
    );
    renderWithProviders(<CachedDataPage />);
    const [contoso, fabrikam] = await screen.findAllByTestId('line-row');
    expect(contoso).not.toHaveTextContent('Active');
    expect(fabrikam).toHaveTextContent('Suspended');
  });

  it('clears the search with its own button', async () => {
    stubLines();
    const { user } = renderWithProviders(<CachedDataPage />);
    await screen.findAllByTestId('line-row');
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'backup');
    expect(screen.getAllByTestId('line-row')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Clear the search' }));
    expect(screen.getAllByTestId('line-row')).toHaveLength(2);
  });

  it('filters by search text on the client', async () => {
    stubLines();
    const { user } = renderWithProviders(<CachedDataPage />);
    await screen.findAllByTestId('line-row');
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'backup');
    const rows = screen.getAllByTestId('line-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('Fabrikam');
    expect(screen.getByTestId('line-counts')).toHaveTextContent('1 matching');
    expect(api.data.lines).toHaveBeenCalledTimes(1);
  });
});
