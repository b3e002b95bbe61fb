import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { makeCostRow, makePushResult } from '@/test/fixtures';
import { makeWrite } from '@/test/trueupFixtures';
import { renderWithProviders } from '@/test/render';
import { CostsPage } from './CostsPage';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const drifted = makeCostRow({ psa_product_id: '900', product_name: 'Microsoft 365 Business Premium', drift: true });
const inStep = makeCostRow({
  psa_product_id: '901',
  product_name: 'Exchange Online Plan 1',
  vendor_cost: '4.00',
  catalog_cost: '4.00',
  catalog_price: '3.50',
  margin: '-0.50',
  margin_percent: '-14.29',
  seats: '10',
  subscriptions: 1,
  drift: false,
});

async function costRow(product: string) {
  const rows = await screen.findAllByTestId('cost-row');
  const row = rows.find((r) => r.getAttribute('data-product') === product);
  if (!row) throw new Error(`no row ${product}`);
  return within(row);
}

describe('Costs', () => {
  it('shows vendor cost against catalog cost and price, margin, seats and drift per mapped product', async () => {
    vi.mocked(api.costs.list).mockResolvedValue([drifted, inStep]);
    renderWithProviders(<CostsPage />);
    const a = await costRow('900');
    expect(a.getByText('Microsoft 365 Business Premium')).toBeInTheDocument();
    expect(a.getByText('$22.00')).toBeInTheDocument();
    expect(a.getByText('$20.00')).toBeInTheDocument();
    expect(a.getByText('$26.00')).toBeInTheDocument();
    expect(a.getByText('$4.00')).toBeInTheDocument();
    expect(a.getByText('15.4%')).toBeInTheDocument();
    expect(a.getByText('52')).toBeInTheDocument();
    expect(a.getByText('3 subscriptions')).toBeInTheDocument();
    expect(a.getByText('Cost drift')).toBeInTheDocument();
    expect(a.getByRole('button', { name: 'Push cost…' })).toBeInTheDocument();

    const b = await costRow('901');
    expect(b.getByText('In step')).toBeInTheDocument();
    expect(b.getByText('-$0.50')).toHaveClass('costs-negative');
    expect(b.queryByRole('button', { name: 'Push cost…' })).not.toBeInTheDocument();
    expect(screen.getByTestId('costs-count')).toHaveTextContent('2 products · 1 with cost drift');
  });

  it('filters to the drifted products', async () => {
    vi.mocked(api.costs.list).mockResolvedValue([drifted, inStep]);
    const { user } = renderWithProviders(<CostsPage />);
    await screen.findAllByTestId('cost-row');
    await user.click(screen.getByRole('switch', { name: 'Only cost drift' }));
    expect(screen.getAllByTestId('cost-row')).toHaveLength(1);
  });

  it('shows the exact write of a dry run before it pushes the cost', async () => {
    vi.mocked(api.costs.list).mockResolvedValue([drifted]);
    let release: () => void = () => undefined;
    vi.mocked(api.costs.push).mockImplementation(async (_psa, _id, dryRun) => {
      if (dryRun) {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return makePushResult({
          dry_run: true,
          message: '',
          writes: [
            makeWrite({
              kind: 'cost',
              method: 'PATCH',
              path: '/procurement/catalog/900',
              body: '[{"op":"replace","path":"cost","value":22}]',
              preview: 'PATCH catalog item 900: cost 20.00 -> 22.00',
            }),
          ],
        });
      }
      return makePushResult({ dry_run: false, message: 'The cost push is queued.' });
    });

    const { user } = renderWithProviders(<CostsPage />);
    const row = await costRow('900');
    await user.click(row.getByRole('button', { name: 'Push cost…' }));
    const dialog = await screen.findByTestId('push-cost-dialog');
    expect(api.costs.push).toHaveBeenCalledTimes(1);
    expect(api.costs.push).toHaveBeenCalledWith(1, '900', true);
    // Nothing can be pushed before the preview is on screen.
    expect(within(dialog).getByRole('button', { name: 'Push cost' })).toBeDisabled();

    release();
    const write = await within(dialog).findByTestId('planned-write');
    expect(write).toHaveTextContent('PATCH catalog item 900: cost 20.00 -> 22.00');
    expect(write).toHaveTextContent('PATCH /procurement/catalog/900');
    expect(write).toHaveTextContent('[{"op":"replace","path":"cost","value":22}]');
    expect(api.costs.push).toHaveBeenCalledTimes(1);

    await user.click(within(dialog).getByRole('button', { name: 'Push cost' }));
    expect(api.costs.push).toHaveBeenCalledTimes(2);
    expect(api.costs.push).toHaveBeenLastCalledWith(1, '900', false);
    expect(await screen.findByText('The cost push is queued.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('push-cost-dialog')).not.toBeInTheDocument());
    // The table is re-read, so the row shows the push's state.
    await waitFor(() => expect(api.costs.list).toHaveBeenCalledTimes(2));
  });

  it('shows the state of the cost push on the row, and no second push while it is on its way', async () => {
    vi.mocked(api.costs.list).mockResolvedValue([
      { ...drifted, push: 'queued' },
      { ...inStep, psa_product_id: '902', drift: true, push: 'failed' },
    ]);
    renderWithProviders(<CostsPage />);
    const queued = await costRow('900');
    expect(queued.getByTestId('state-badge')).toHaveAttribute('data-state', 'queued');
    expect(queued.queryByRole('button', { name: 'Push cost…' })).not.toBeInTheDocument();
    const failed = await costRow('902');
    expect(failed.getByText('Failed')).toBeInTheDocument();
    expect(failed.getByRole('button', { name: 'Push cost…' })).toBeInTheDocument();
  });

  it('says why the dry run failed, and pushes nothing', async () => {
    vi.mocked(api.costs.list).mockResolvedValue([drifted]);
    vi.mocked(api.costs.push).mockRejectedValue(new Error('catalog item 900 is no longer in ConnectWise: sync the PSA'));
    const { user } = renderWithProviders(<CostsPage />);
    const row = await costRow('900');
    await user.click(row.getByRole('button', { name: 'Push cost…' }));
    const dialog = await screen.findByTestId('push-cost-dialog');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Could not prepare the cost push: catalog item 900 is no longer in ConnectWise: sync the PSA',
    );
    expect(within(dialog).getByRole('button', { name: 'Push cost' })).toBeDisabled();
    expect(api.costs.push).toHaveBeenCalledTimes(1);
  });
});
