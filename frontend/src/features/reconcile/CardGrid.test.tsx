import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { mockScrollArea } from '@/test/scrollArea';
import { makeCard } from '@/test/trueupFixtures';
import { renderWithProviders } from '@/test/render';
import type { CardHandlers } from './CardActions';
import { CARD_HEIGHT, CardGrid } from './CardGrid';

const cards = Array.from({ length: 3000 }, (_, i) =>
  makeCard({ id: `c${i}`, account_name: `Account ${i}`, product_name: 'M365 Business Premium' }),
);
const handlers: CardHandlers = { approve: vi.fn(), dismiss: vi.fn(), review: vi.fn(), toggleSelect: vi.fn(), focus: vi.fn() };

describe('CardGrid', () => {
  it('reuses the elements of card rows scrolled out for the rows scrolled in, and lets go of focus in them', () => {
    // 1200 px wide: three columns; 900 px tall: about four rows in view.
    mockScrollArea(900, 1200);
    renderWithProviders(
      <CardGrid groups={[{ key: '', cards }]} focusedId={null} selected={new Set()} live={{}} handlers={handlers} height={900} />,
    );
    const before = screen.getAllByTestId('service-card');
    const first = before[0]!;
    expect(first).toHaveAccessibleName('Account 0: M365 Business Premium');
    const select = within(first).getByRole('checkbox', { name: 'Select M365 Business Premium for Account 0' });
    select.focus();
    expect(document.activeElement).toBe(select);

    // Wheel steps of one row (less than half a view: full cards) until the first row has
    // left the view and its overscan.
    const grid = screen.getByTestId('card-grid');
    for (let row = 1; row <= 8; row++) {
      // Writable: the virtualiser sets it when it corrects the offset after laying out rows.
      Object.defineProperty(grid, 'scrollTop', { configurable: true, writable: true, value: row * (CARD_HEIGHT + 12) });
      fireEvent.scroll(grid);
    }
    expect(screen.queryByText('Account 0')).not.toBeInTheDocument();
    // The focused checkbox is reused for another card: it says so and is no longer focused,
    // and the card's buttons act on the card it now shows.
    expect(first).toBeInTheDocument();
    expect(select).toBeInTheDocument();
    expect(select).not.toHaveAccessibleName(/Account 0$/);
    expect(document.activeElement).toBe(document.body);
    const shows = first.getAttribute('data-id');
    expect(shows).not.toBe('c0');
    fireEvent.click(within(first).getByRole('button', { name: /^Approve / }));
    expect(handlers.approve).toHaveBeenCalledWith(expect.objectContaining({ id: shows }));
  });

  it('shows light cards while flung, reusing their elements, and the full cards once the scroll rests', async () => {
    mockScrollArea(900, 1200);
    renderWithProviders(
      <CardGrid groups={[{ key: '', cards }]} focusedId={null} selected={new Set(['c1501'])} live={{}} handlers={handlers} height={900} />,
    );
    const grid = screen.getByTestId('card-grid');
    within(grid).getAllByRole('checkbox')[0]!.focus();
    // A fling, two steps far down a frame apart (the clock is ours: rendering the first
    // step's full cards in jsdom can take longer than a frame on a loaded machine).
    let now = performance.now();
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    for (const row of [250, 500]) {
      now += 16;
      Object.defineProperty(grid, 'scrollTop', { configurable: true, value: row * (CARD_HEIGHT + 12) });
      fireEvent.scroll(grid);
    }
    const flung = screen.getAllByTestId('service-card');
    expect(flung[0]).toHaveAccessibleName('Account 1500: M365 Business Premium');
    // The names, numbers and state, no controls: the focus inside went with them.
    expect(within(grid).queryAllByRole('button')).toHaveLength(0);
    expect(within(grid).queryAllByRole('checkbox')).toHaveLength(0);
    expect(document.activeElement).toBe(document.body);
    expect(flung[1]).toHaveClass('is-selected');
    // Only the rows in view (four rows of three), not the overscan.
    expect(flung.length).toBeLessThanOrEqual(12);
    // The next frame of the fling reuses the light cards' elements.
    now += 16;
    Object.defineProperty(grid, 'scrollTop', { configurable: true, value: 800 * (CARD_HEIGHT + 12) });
    fireEvent.scroll(grid);
    clock.mockRestore();
    const next = screen.getAllByTestId('service-card');
    expect(next[0]).toHaveAccessibleName('Account 2400: M365 Business Premium');
    expect(next.filter((el) => flung.includes(el)).length).toBe(Math.min(flung.length, next.length));
    // TanStack Virtual ends the scroll 150 ms after its last event: the full cards return.
    expect(await within(grid).findAllByRole('button', { name: /^Approve / })).not.toHaveLength(0);
    expect(within(grid).getAllByRole('checkbox').length).toBeGreaterThan(0);
  });
});
