import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/test/fakeApi';
import { makeLedgerEntry, makeSanityCard, makeSanityCheck } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { SanityCheckPage } from './SanityCheckPage';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

const check = makeSanityCheck({
  cycle: '2026-03',
  revenue_added: '1234.5',
  revenue_removed: '-78',
  increases: [makeSanityCard({ id: 'a', difference: '2', monthly_impact: '52', push: 'pushed' })],
  new_revenue_open: [
    makeSanityCard({
      id: 'b',
      state: 'new_revenue',
      account_name: 'Northwind',
      product_name: 'Defender for Business',
      psa_quantity: '0',
      vendor_quantity: '12',
      difference: '12',
      monthly_impact: '36',
      decision: 'open',
    }),
  ],
  pushes: [makeLedgerEntry({ id: 4, state: 'pushed' })],
  by_vendor: [
    { vendor: 'Pax8', added: '1200.5', removed: '-78' },
    { vendor: 'Ingram', added: '34', removed: '0' },
  ],
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Sanity check', () => {
  it('shows the totals from the backend, exactly', async () => {
    vi.mocked(api.costs.sanityCheck).mockResolvedValue(check);
    renderWithProviders(<SanityCheckPage />);
    expect(await screen.findByTestId('total-added')).toHaveTextContent('+$1,234.50');
    expect(screen.getByTestId('total-removed')).toHaveTextContent('-$78.00');
    expect(screen.getByRole('heading', { level: 1, name: 'Sanity Check' })).toBeInTheDocument();
    expect(screen.getByText(/Before you close March 2026/)).toBeInTheDocument();
  });

  it('draws the revenue impact by vendor with recharts, with the figures as a table', async () => {
    vi.mocked(api.costs.sanityCheck).mockResolvedValue(check);
    // jsdom lays nothing out: give recharts' container the size a window would.
    const rect = HTMLElement.prototype.getBoundingClientRect;
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('recharts-responsive-container')
        ? ({ x: 0, y: 0, top: 0, left: 0, right: 480, bottom: 220, width: 480, height: 220, toJSON: () => ({}) } as DOMRect)
        : rect.call(this);
    });
    renderWithProviders(<SanityCheckPage />);
    const chart = await screen.findByTestId('impact-chart');
    // A real recharts chart: an SVG surface with one bar per vendor and series.
    expect(chart.querySelector("svg.recharts-surface")).not.toBeNull();
    expect(chart.querySelectorAll('.impact-bar--added .recharts-rectangle').length).toBe(2);
    expect(chart.querySelectorAll('.impact-bar--removed .recharts-rectangle').length).toBeGreaterThanOrEqual(1);
    // The chart is drawn for the eye; the table says the same for screen readers.
    expect(chart).toHaveAttribute('aria-hidden', 'true');
    const table = screen.getByRole('table', { name: 'Monthly revenue impact by vendor' });
    const [pax8, ingram] = within(table).getAllByTestId('impact-row');
    expect(within(pax8!).getByRole('rowheader')).toHaveTextContent('Pax8');
    expect(pax8).toHaveTextContent('+$1,200.50');
    expect(pax8).toHaveTextContent('-$78.00');
    expect(ingram).toHaveTextContent('+$34.00');
    expect(ingram).toHaveTextContent('$0.00');
  });

  it('lists the increases, the open New Revenue and this cycle pushes', async () => {
    vi.mocked(api.costs.sanityCheck).mockResolvedValue(check);
    const { user } = renderWithProviders(<SanityCheckPage />);
    const increases = await screen.findByRole('table', { name: 'Increases this cycle' });
    expect(within(increases).getByText('+$52.00')).toBeInTheDocument();
    expect(within(increases).getByText('Pushed')).toBeInTheDocument();
    const open = screen.getByRole('table', { name: 'New Revenue not yet actioned' });
    expect(within(open).getByText('Northwind')).toBeInTheDocument();
    expect(within(open).getByText('Not pushed')).toBeInTheDocument();
    expect(screen.getAllByTestId('ledger-row')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Review in Reconcile' }));
  });

  it('says when nothing happened yet', async () => {
    renderWithProviders(<SanityCheckPage />);
    expect(await screen.findByText('No revenue impact yet')).toBeInTheDocument();
    expect(screen.getByText('No increases approved this cycle.')).toBeInTheDocument();
    expect(screen.getByText('Every New Revenue card has been actioned.')).toBeInTheDocument();
    expect(screen.getByText('Nothing pushed this cycle yet.')).toBeInTheDocument();
    expect(screen.queryByTestId('impact-chart')).not.toBeInTheDocument();
  });
});
