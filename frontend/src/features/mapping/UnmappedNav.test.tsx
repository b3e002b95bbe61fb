import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useTrueupEvents } from '@/api';
import { Sidebar } from '@/app/Sidebar';
import { api, emitSyncChanged } from '@/test/fakeApi';
import { makeRun } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { makeMappingList, makeUnmapped } from '@/test/trueupFixtures';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

function Shell() {
  useTrueupEvents();
  return <Sidebar />;
}

describe('Unmapped counts in the sidebar', () => {
  it('shows the unmapped items per vendor on Mapping, and re-reads them when a sync finishes', async () => {
    vi.mocked(api.mappings.list).mockResolvedValue(
      makeMappingList({
        unmapped: [
          makeUnmapped({ integration_id: 2, integration: 'Pax8', accounts: 3, products: 1 }),
          makeUnmapped({ integration_id: 3, integration: 'CSV import', accounts: 0, products: 0 }),
        ],
      }),
    );
    const { user } = renderWithProviders(<Shell />);
    expect(await screen.findByTestId('unmapped-badge')).toHaveTextContent('4');
    const vendors = screen.getAllByTestId('nav-unmapped-vendor');
    expect(vendors).toHaveLength(1);
    expect(vendors[0]).toHaveTextContent('Pax83 accounts and 1 product');

    vi.mocked(api.mappings.list).mockResolvedValue(makeMappingList({ unmapped: [makeUnmapped({ accounts: 1 })] }));
    // Progress of a running sync changes nothing; its end does.
    emitSyncChanged({ seq: 1, run: makeRun({ id: 7, integration_id: 2, status: 'running' }) });
    emitSyncChanged({ seq: 2, run: makeRun({ id: 7, integration_id: 2, status: 'running', percent: 50 }) });
    emitSyncChanged({ seq: 3, run: makeRun({ id: 7, integration_id: 2, status: 'succeeded' }) });
    await waitFor(() => expect(screen.getByTestId('unmapped-badge')).toHaveTextContent('1'));
    expect(api.mappings.list).toHaveBeenCalledTimes(2);

    await user.click(screen.getByTestId('nav-unmapped-vendor'));
    expect(screen.getByRole('button', { name: /Mapping/ })).toHaveAttribute('aria-current', 'page');
  });

  it('shows no badge when everything is mapped, or while the mappings cannot be read', async () => {
    vi.mocked(api.mappings.list).mockRejectedValue(new Error('not built yet'));
    renderWithProviders(<Shell />);
    await waitFor(() => expect(api.mappings.list).toHaveBeenCalled());
    expect(screen.queryByTestId('unmapped-badge')).not.toBeInTheDocument();
  });
});
