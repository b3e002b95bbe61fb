import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { App } from '@/app/App';
import { useNavigation } from '@/app/navigation';
import { api } from '@/test/fakeApi';
import { makeCostRow, makeIntegration, makeMonthProgress, makeRow, makeSanityCheck, makeSnapshot } from '@/test/fixtures';
import { renderWithProviders, testQueryClient } from '@/test/render';
import { MonthPage } from './MonthPage';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const STARTED = '2026-03-02T08:00:00Z';

function steps() {
  return screen.findAllByTestId('month-step');
}

function statuses(items: HTMLElement[]) {
  return Object.fromEntries(items.map((li) => [li.getAttribute('data-step'), li.getAttribute('data-status')]));
}

function PageProbe() {
  const { page } = useNavigation();
  return <output data-testid="page">{page}</output>;
}

describe('Guided month', () => {
  it('opens where the user left off, with each step status', async () => {
    vi.mocked(api.month.progress).mockResolvedValue(makeMonthProgress({ step: 'costs', started_at: STARTED }));
    renderWithProviders(<MonthPage />);
    const items = await steps();
    expect(statuses(items)).toEqual({
      mapping: 'done',
      sync: 'done',
      review: 'done',
      costs: 'current',
      sanity: 'upcoming',
      done: 'upcoming',
    });
    expect(items[3]).toHaveAttribute('aria-current', 'step');
    expect(within(items[3]!).getByText(/optional/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'March 2026 true-up' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Reconcile costs (optional)' })).toBeInTheDocument();
  });

  it('moves on with Next and skips the optional cost step', async () => {
    vi.mocked(api.month.progress).mockResolvedValue(makeMonthProgress({ step: 'review', started_at: STARTED, open_cards: 4 }));
    vi.mocked(api.costs.list).mockResolvedValue([makeCostRow({ drift: true })]);
    const { user } = renderWithProviders(<MonthPage />);
    expect(await screen.findByTestId('open-cards')).toHaveTextContent('4 cards open');
    await user.click(screen.getByRole('button', { name: 'Next: Reconcile costs' }));
    expect(api.month.setStep).toHaveBeenCalledWith('costs');
    expect(await screen.findByRole('heading', { level: 2, name: 'Reconcile costs (optional)' })).toBeInTheDocument();
    expect(statuses(await steps()).review).toBe('done');
    expect(await screen.findByTestId('drifted')).toHaveTextContent('1 product with cost drift');

    await user.click(screen.getByRole('button', { name: 'Skip' }));
    expect(api.month.setStep).toHaveBeenLastCalledWith('sanity');
    expect(await screen.findByRole('heading', { level: 2, name: 'Sanity check' })).toBeInTheDocument();
  });

  it('goes back to a finished step from the stepper', async () => {
    vi.mocked(api.month.progress).mockResolvedValue(makeMonthProgress({ step: 'sanity', started_at: STARTED }));
    const { user } = renderWithProviders(<MonthPage />);
    const items = await steps();
    // The steps ahead cannot be jumped to.
    expect(within(items[5]!).queryByRole('button')).not.toBeInTheDocument();
    await user.click(within(items[0]!).getByRole('button'));
    expect(api.month.setStep).toHaveBeenCalledWith('mapping');
    expect(await screen.findByRole('heading', { level: 2, name: 'Map vendor accounts and products' })).toBeInTheDocument();
  });

  it('starts the month when it has not started', async () => {
    const { user } = renderWithProviders(<MonthPage />);
    await user.click(await screen.findByRole('button', { name: "Start this month's true-up" }));
    expect(api.month.start).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('heading', { level: 2, name: 'Map vendor accounts and products' })).toBeInTheDocument();
  });

  it('lists what waits behind unmapped items and links to Mapping', async () => {
    vi.mocked(api.month.progress).mockResolvedValue(
      makeMonthProgress({
        started_at: STARTED,
        unmapped: [
          { integration_id: 2, integration: 'Pax8', accounts: 2, products: 1, subscriptions: 14, monthly_cost: '312.5' },
          { integration_id: 3, integration: 'Ingram', accounts: 0, products: 0, subscriptions: 0, monthly_cost: '0' },
        ],
      }),
    );
    const { user } = renderWithProviders(
      <>
        <PageProbe />
        <MonthPage />
      </>,
    );
    const [pax8, ...others] = await screen.findAllByTestId('unmapped-vendor');
    expect(others).toHaveLength(0);
    expect(pax8).toHaveTextContent('Pax8');
    expect(pax8).toHaveTextContent('2 accounts and 1 product unmapped');
    expect(pax8).toHaveTextContent('14 subscriptions · $312.50 monthly cost waiting');
    await user.click(screen.getByRole('button', { name: 'Open Mapping' }));
    expect(screen.getByTestId('page')).toHaveTextContent('mapping');
  });

  it('shows freshness on the sync step and starts the Full PSA sync and the vendor Quick Syncs', async () => {
    vi.mocked(api.month.progress).mockResolvedValue(
      makeMonthProgress({
        step: 'sync',
        started_at: STARTED,
        freshness: [
          { integration_id: 1, integration: 'ConnectWise', role: 'psa', last_fetched_at: '2026-02-20T10:00:00Z', stale: true, running: false },
          { integration_id: 2, integration: 'Pax8', role: 'vendor', last_fetched_at: new Date().toISOString(), stale: false, running: false },
        ],
      }),
    );
    const { user } = renderWithProviders(<MonthPage />);
    const [cw, pax8] = await screen.findAllByTestId('freshness');
    expect(cw).toHaveTextContent('Before this cycle');
    expect(pax8).toHaveTextContent('Fresh');
    expect(screen.getByText(/ConnectWise was last synced before this billing cycle began/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Quick Sync all vendors' }));
    expect(api.sync.syncAll).toHaveBeenCalledWith('vendor', 'quick');

    await user.click(screen.getByRole('button', { name: 'Full PSA sync' }));
    await user.click(await screen.findByRole('button', { name: 'Start Full Sync' }));
    expect(api.sync.syncAll).toHaveBeenLastCalledWith('psa', 'full');
  });

  it('shows the totals on the sanity step and the summary when done', async () => {
    vi.mocked(api.month.progress).mockResolvedValue(makeMonthProgress({ step: 'sanity', started_at: STARTED }));
    vi.mocked(api.costs.sanityCheck).mockResolvedValue(makeSanityCheck({ revenue_added: '120', revenue_removed: '-30' }));
    vi.mocked(api.month.setStep).mockResolvedValue(
      makeMonthProgress({ step: 'done', started_at: STARTED, done_at: '2026-03-04T09:00:00Z', pushed: 7, summary: '7 pushes: +120.00 and -30.00 per month.' }),
    );
    const { user } = renderWithProviders(<MonthPage />);
    expect(await screen.findByText('+$120.00')).toBeInTheDocument();
    expect(screen.getByText('-$30.00')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Finish the month' }));
    expect(api.month.setStep).toHaveBeenCalledWith('done');
    expect(await screen.findByTestId('month-summary')).toHaveTextContent('7 pushes: +120.00 and -30.00 per month.');
    expect(statuses(await steps())).toEqual({
      mapping: 'done',
      sync: 'done',
      review: 'done',
      costs: 'done',
      sanity: 'done',
      done: 'done',
    });
  });
});

describe('Guided month entries', () => {
  it('starts the month from the sidebar and opens it', async () => {
    render(<App client={testQueryClient()} />);
    const cta = await screen.findByRole('button', { name: "Start this month's true-up" });
    await userEvent.click(cta);
    expect(api.month.start).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('heading', { level: 1, name: 'March 2026 true-up' })).toBeInTheDocument();
  });

  it('continues where the user left off without starting again', async () => {
    vi.mocked(api.month.progress).mockResolvedValue(makeMonthProgress({ step: 'review', started_at: STARTED }));
    render(<App client={testQueryClient()} />);
    const cta = await screen.findByRole('button', { name: /Continue this month's true-up/ });
    expect(cta).toHaveTextContent('Step 3 of 6: Review cards');
    await userEvent.click(cta);
    expect(api.month.start).not.toHaveBeenCalled();
    expect(await screen.findByRole('heading', { level: 2, name: 'Review the service cards' })).toBeInTheDocument();
    expect(cta).toHaveAttribute('aria-current', 'page');
  });

  it('has a card on the home screen', async () => {
    vi.mocked(api.sync.status).mockResolvedValue(makeSnapshot({ integrations: [makeRow({ integration: makeIntegration() })] }));
    vi.mocked(api.month.progress).mockResolvedValue(
      makeMonthProgress({ unmapped: [{ integration_id: 2, integration: 'Pax8', accounts: 2, products: 1, subscriptions: 3, monthly_cost: '9' }] }),
    );
    render(<App client={testQueryClient()} />);
    const card = await screen.findByTestId('month-home-card');
    expect(card).toHaveTextContent('March 2026 true-up');
    expect(card).toHaveTextContent('3 items to map first.');
    await userEvent.click(within(card).getByRole('button', { name: "Start this month's true-up" }));
    await waitFor(() => expect(api.month.start).toHaveBeenCalledTimes(1));
    expect(await screen.findByRole('heading', { level: 1, name: 'March 2026 true-up' })).toBeInTheDocument();
  });
});
