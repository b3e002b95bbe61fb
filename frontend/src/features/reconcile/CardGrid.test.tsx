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

    // A fling: far down, every card in view is new.
    const grid = screen.getByTestId('card-grid');
    Object.defineProperty(grid, 'scrollTop', { configurable: true, value: 500 * (CARD_HEIGHT + 12) });
    fireEvent.scroll(grid);
    const after = screen.getAllByTestId('service-card');
    expect(screen.queryByText('Account 0')).not.toBeInTheDocument();
    expect(after.filter((el) => before.includes(el)).length).toBe(Math.min(before.length, after.length));
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
});
