import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { mockScrollArea } from '@/test/scrollArea';
import { DataTable, dataColumns, groupEntries } from './DataTable';

interface Item {
  id: string;
  name: string;
  group: string;
}

const col = dataColumns<Item>();
const columns = [col.accessor('name', { header: 'Name' })];
const items: Item[] = Array.from({ length: 10_000 }, (_, i) => ({ id: `r${i}`, name: `Row ${i}`, group: i < 5000 ? 'A' : 'B' }));

describe('DataTable', () => {
  it('renders only a window of 10,000 rows, each placed at its offset in a body as tall as all of them', () => {
    mockScrollArea(440);
    render(<DataTable rows={items} columns={columns} getRowId={(r) => r.id} label="Items" height={440} rowHeight={44} rowTestId="item-row" />);
    const rows = screen.getAllByTestId('item-row');
    // 440 px of 44 px rows = 10 in view, plus the overscan on one side.
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]).toHaveTextContent('Row 0');
    expect(screen.queryByText('Row 9999')).not.toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Items' })).toHaveAttribute('aria-rowcount', '10001');
    // Placed by transforms, not between spacer rows a scroll would resize (a layout of the whole table).
    expect(rows[0]?.parentElement).toHaveStyle({ height: `${10_000 * 44}px` });
    expect(rows[3]).toHaveStyle({ transform: `translateY(${3 * 44}px)` });
    expect(screen.getAllByRole('row').length).toBe(rows.length + 1);
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name']);
  });

  it('scrolls the focused row into view, and renders the rows it scrolled to', async () => {
    const { scrollTo } = mockScrollArea(440);
    const props = { rows: items, columns, getRowId: (r: Item) => r.id, label: 'Items', height: 440, rowHeight: 44, rowTestId: 'item-row' };
    const { rerender } = render(<DataTable {...props} />);
    rerender(<DataTable {...props} focusedId="r9000" />);
    // align "auto": the row's bottom edge at the bottom of the 440 px window.
    await waitFor(() => expect(scrollTo).toHaveBeenCalledWith(expect.objectContaining({ top: 9001 * 44 - 440 })));
    // jsdom does not scroll: do what the browser would, and the window follows.
    const area = screen.getByTestId('data-table');
    Object.defineProperty(area, 'scrollTop', { configurable: true, value: 9001 * 44 - 440 });
    fireEvent.scroll(area);
    const focused = (await screen.findByText('Row 9000')).closest('tr')!;
    expect(focused).toHaveClass('is-focused');
    expect(screen.queryByText('Row 0')).not.toBeInTheDocument();
  });

  it('renders again only the rows a scroll brings into view, not every row in view', () => {
    mockScrollArea(440);
    const renders = new Map<string, number>();
    const counted = [
      col.accessor('name', {
        header: 'Name',
        cell: (c) => {
          renders.set(c.row.original.id, (renders.get(c.row.original.id) ?? 0) + 1);
          return c.getValue();
        },
      }),
    ];
    render(<DataTable rows={items} columns={counted} getRowId={(r) => r.id} label="Items" height={440} rowHeight={44} rowTestId="item-row" />);
    const before = renders.get('r0');
    expect(before).toBeGreaterThan(0);
    // One row further down: r0 stays in view (with the overscan), its cells are not redone.
    const area = screen.getByTestId('data-table');
    Object.defineProperty(area, 'scrollTop', { configurable: true, value: 44 });
    fireEvent.scroll(area);
    expect(screen.getByText('Row 0')).toBeInTheDocument();
    expect(renders.get('r0')).toBe(before);
    const last = screen.getAllByTestId('item-row').at(-1)!.getAttribute('data-id')!;
    expect(renders.get(last)).toBe(1);
  });

  it('reuses the elements of rows scrolled out for the rows scrolled in, and lets go of focus in them', () => {
    mockScrollArea(440);
    const withButton = [
      col.accessor('name', { header: 'Name', cell: (c) => <button type="button">Open {c.getValue()}</button> }),
    ];
    render(<DataTable rows={items} columns={withButton} getRowId={(r) => r.id} label="Items" height={440} rowHeight={44} rowTestId="item-row" />);
    const before = new Set(screen.getAllByTestId('item-row'));
    const focusedRow = screen.getAllByTestId('item-row')[0]!;
    const button = within(focusedRow).getByRole('button');
    button.focus();
    expect(document.activeElement).toHaveTextContent('Open Row 0');
    // A fling: a whole window further down, every row in view is new.
    const area = screen.getByTestId('data-table');
    Object.defineProperty(area, 'scrollTop', { configurable: true, value: 5000 * 44 });
    fireEvent.scroll(area);
    const after = screen.getAllByTestId('item-row');
    expect(after[0]).toHaveTextContent('Row 49');
    expect(screen.queryByText('Open Row 0')).not.toBeInTheDocument();
    expect(after.filter((tr) => before.has(tr)).length).toBe(Math.min(before.size, after.length));
    // The cells are reused too: the focused button now shows another row, so it is no
    // longer focused.
    expect(button).toBeInTheDocument();
    expect(button).not.toHaveTextContent('Open Row 0');
    expect(document.activeElement).toBe(document.body);
  });

  it('renders the light cells while flung and the full ones once the scroll rests', async () => {
    mockScrollArea(440);
    const withButton = [
      col.accessor('name', { header: 'Name', cell: (c) => <button type="button">Open {c.getValue()}</button> }),
      col.display({ id: 'extra', header: 'Extra', cell: () => <button type="button">More</button> }),
    ];
    render(
      <DataTable
        rows={items}
        columns={withButton}
        getRowId={(r) => r.id}
        label="Items"
        height={440}
        rowHeight={44}
        rowTestId="item-row"
        skimCells={{ name: (r) => <span data-testid="skim">{r.name}</span>, extra: () => null }}
      />,
    );
    expect(screen.getAllByRole('button', { name: /^Open Row/ }).length).toBeGreaterThan(5);
    // One jump (a search moved the focus, the End key): the full rows, to look at and click.
    // The clock is ours: rendering full rows in jsdom can take longer than a frame.
    let now = performance.now();
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    const area = screen.getByTestId('data-table');
    now += 16;
    Object.defineProperty(area, 'scrollTop', { configurable: true, value: 1500 * 44 });
    fireEvent.scroll(area);
    expect(screen.getByRole('button', { name: 'Open Row 1500' })).toBeInTheDocument();
    // A fling, the next step as far again a frame later: every row in view is new, so they render light.
    now += 16;
    Object.defineProperty(area, 'scrollTop', { configurable: true, value: 3000 * 44 });
    fireEvent.scroll(area);
    clock.mockRestore();
    const flung = screen.getAllByTestId('item-row');
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(within(flung[1]!).getByTestId('skim')).toHaveTextContent('Row 3000');
    // Only the rows in view and one on each side (rows 2999-3010), not the overscan.
    expect(flung.map((r) => r.getAttribute('data-id'))).toEqual(Array.from({ length: 12 }, (_, i) => `r${2999 + i}`));
    // TanStack Virtual ends the scroll 150 ms after its last event: the full rows return.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Open Row 3000' })).toBeInTheDocument());
    expect(screen.queryAllByTestId('skim')).toHaveLength(0);
    expect(screen.getAllByTestId('item-row').length).toBeGreaterThan(flung.length);
  });

  it('puts a header row before each group', () => {
    mockScrollArea(800);
    const few = [items[0]!, items[1]!, items[5000]!];
    render(
      <DataTable
        rows={few}
        columns={columns}
        getRowId={(r) => r.id}
        label="Items"
        height={800}
        groupOf={(r) => r.group}
        renderGroup={(key, count) => `Group ${key} (${count})`}
      />,
    );
    const body = screen.getAllByRole('rowgroup')[1]!;
    const texts = within(body).getAllByRole('row').map((r) => r.textContent);
    expect(texts).toEqual(['Group A (2)', 'Row 0', 'Row 1', 'Group B (1)', 'Row 5000']);
  });

  it('groups adjacent rows only', () => {
    const e = groupEntries(['a1', 'a2', 'b1'], (x) => x, (x) => x[0]!);
    expect(e.map((x) => (x.kind === 'group' ? `[${x.key}:${x.count}]` : x.id))).toEqual(['[a:2]', 'a1', 'a2', '[b:1]', 'b1']);
  });
});
