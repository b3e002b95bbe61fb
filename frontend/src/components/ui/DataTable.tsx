import { createColumnHelper, FlexRender, tableFeatures, useTable, type ColumnDef, type Row, type RowData } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useReleaseFocusOnReuse, useRowSlots } from './useRowSlots';
import { itemsInView, useSkimming } from './useSkimming';
import './controls.css';

/** The table features every DataTable uses: the core only (columns, rows, cells). */
export const dataTableFeatures = tableFeatures({});
export type DataTableFeatures = typeof dataTableFeatures;
// A column list mixes value types, so the value type is any here.
export type DataColumn<T extends RowData> = ColumnDef<DataTableFeatures, T, any>;
export function dataColumns<T extends RowData>() {
  return createColumnHelper<DataTableFeatures, T>();
}

// The default of columnClassNames: one object, so the memoised rows see the same one.
const NO_CLASSES: Record<string, string> = {};

/** A light cell per column id, for rows seen while skimming (see useSkimming). */
export type SkimCells<T> = Partial<Record<string, (row: T) => ReactNode>>;

type Entry<T> = { kind: 'group'; key: string; count: number } | { kind: 'row'; id: string; row: T; index: number };

/** Rows in order, with a header row before each run of rows of one group. */
export function groupEntries<T>(rows: T[], getRowId: (row: T) => string, groupOf?: (row: T) => string): Entry<T>[] {
  const out: Entry<T>[] = [];
  let current: Entry<T> | null = null;
  rows.forEach((row, index) => {
    if (groupOf) {
      const key = groupOf(row);
      if (!current || current.kind !== 'group' || current.key !== key) {
        current = { kind: 'group', key, count: 0 };
        out.push(current);
      }
      current.count++;
    }
    out.push({ kind: 'row', id: getRowId(row), row, index });
  });
  return out;
}

export interface DataTableProps<T extends RowData> {
  /** The rows, in the order to show them (grouped rows must be adjacent). */
  rows: T[];
  columns: DataColumn<T>[];
  getRowId: (row: T) => string;
  /** Accessible name of the table. */
  label: string;
  /** Height of the scroll area (the table scrolls inside it, its header stays). */
  height: number | string;
  /** Every row has this height in pixels: 10,000 rows are laid out without measuring. */
  rowHeight?: number;
  groupOf?: (row: T) => string;
  renderGroup?: (key: string, count: number) => ReactNode;
  /** The keyboard focus of the page's shortcuts (highlighted and kept in view). */
  focusedId?: string | null;
  isSelected?: (row: T) => boolean;
  onRowClick?: (row: T) => void;
  /** A class per column id (widths, alignment). */
  columnClassNames?: Record<string, string>;
  rowTestId?: string;
  overscan?: number;
  /**
   * While the list is flung (see useSkimming), each row renders these cells instead of the
   * columns' own where a column's cell is costly (controls, popovers): plain text and
   * look-alike boxes, or nothing. The other columns render their own cells. Without
   * skimCells the rows stay full while flung.
   */
  skimCells?: SkimCells<T>;
}

/**
 * A table on TanStack Table (columns, cells) whose body is virtualised with TanStack
 * Virtual: only the rows in view (plus a few) are in the DOM, so scrolling 10,000 rows stays
 * smooth. Each row is placed by its own transform in a body as tall as all rows, not after
 * spacer rows: a row that stays in view then keeps its place, and the browser repaints only
 * the rows that came in (with spacers every scroll step moved, so repainted, every row).
 * Each row is laid out as a fixed table of its own, so the columns line up by their
 * classes' widths (see controls.css). While the list is flung, rows render the light cells
 * of skimCells (see useSkimming).
 */
export function DataTable<T extends RowData>({
  rows,
  columns,
  getRowId,
  label,
  height,
  rowHeight = 44,
  groupOf,
  renderGroup,
  focusedId,
  isSelected,
  onRowClick,
  columnClassNames = NO_CLASSES,
  rowTestId,
  overscan = 8,
  skimCells,
}: DataTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const table = useTable({ features: dataTableFeatures, columns, data: rows, getRowId: (row) => getRowId(row) }, () => ({}));
  const modelRows = table.getRowModel().rows;
  const entries = useMemo(
    () => groupEntries(modelRows, (r) => r.id, groupOf ? (r) => groupOf(r.original) : undefined),
    [modelRows, groupOf],
  );
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (i) => {
      const e = entries[i]!;
      return e.kind === 'group' ? `group:${e.key}` : e.id;
    },
    overscan,
  });

  useEffect(() => {
    if (!focusedId) return;
    const index = entries.findIndex((e) => e.kind === 'row' && e.id === focusedId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [focusedId, entries, virtualizer]);

  const skimming = useSkimming(virtualizer);
  const items = itemsInView(virtualizer.getVirtualItems(), virtualizer, skimming, rowHeight);
  // Rows render under slot keys: a row scrolled out lends its DOM to one scrolled in.
  const slotOf = useRowSlots(
    items.flatMap((item) => {
      const e = entries[item.index]!;
      return e.kind === 'row' ? [e.id] : [];
    }),
  );
  const span = columns.length;
  const headerGroups = table.getHeaderGroups();

  return (
    <div ref={scrollRef} className="card data-table" style={{ height }} data-testid="data-table">
      {/* The roles are the elements' own, spelled out: a table laid out as blocks (see
          controls.css) loses them in WebKit's accessibility tree otherwise. */}
      <table className="table" role="table" aria-label={label} aria-rowcount={rows.length + 1}>
        <thead role="rowgroup">
          {headerGroups.map((group) => (
            <tr key={group.id} role="row">
              {group.headers.map((header) => (
                <th key={header.id} role="columnheader" className={columnClassNames[header.column.id]}>
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const entry = entries[item.index]!;
            if (entry.kind === 'group') {
              return (
                <tr key={item.key} role="row" className="data-table__group" style={{ height: rowHeight, transform: `translateY(${item.start}px)` }}>
                  <td role="cell" colSpan={span}>{renderGroup ? renderGroup(entry.key, entry.count) : entry.key}</td>
                </tr>
              );
            }
            const row = modelRows[entry.index]!;
            return (
              <DataRow
                key={`row:${slotOf.get(entry.id)}`}
                row={row}
                columns={columns}
                id={entry.id}
                index={entry.index}
                start={item.start}
                focused={entry.id === focusedId}
                selected={isSelected ? isSelected(row.original) : undefined}
                height={rowHeight}
                skim={skimming && skimCells ? skimCells : null}
                columnClassNames={columnClassNames}
                testId={rowTestId}
                onClick={onRowClick}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface DataRowProps<T extends RowData> {
  row: Row<DataTableFeatures, T>;
  /** Not read: a change of columns (new cells for the same row) renders the row again. */
  columns: DataColumn<T>[];
  id: string;
  index: number;
  /** Offset of the row from the top of the body, in pixels. */
  start: number;
  focused: boolean;
  /** undefined: the table has no selection (no aria-selected). */
  selected: boolean | undefined;
  height: number;
  /** The light cells while the list is skimmed, else null (the columns' own cells). */
  skim: SkimCells<T> | null;
  columnClassNames: Record<string, string>;
  testId?: string;
  onClick?: (row: T) => void;
}

/**
 * One body row. Memoised: a scroll frame re-renders the table, and without it every row in
 * view (with every cell) rendered again although only the rows entering the view are new.
 * Cells that read more than their row (a context) still update when that changes. Its
 * elements are reused for another row when this one scrolls out (useRowSlots): keyboard
 * focus inside it is let go then, or a key pressed next would act on the other row.
 */
const DataRow = memo(function DataRow<T extends RowData>({
  row,
  id,
  index,
  start,
  focused,
  selected,
  height,
  skim,
  columnClassNames,
  testId,
  onClick,
}: DataRowProps<T>) {
  const classes = [focused ? 'is-focused' : '', selected ? 'is-selected' : ''].filter(Boolean).join(' ');
  const tr = useRef<HTMLTableRowElement>(null);
  useReleaseFocusOnReuse(tr, id);
  return (
    <tr
      ref={tr}
      role="row"
      className={classes || undefined}
      style={{ height, transform: `translateY(${start}px)` }}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid={testId}
      data-id={id}
      onClick={onClick ? () => onClick(row.original) : undefined}
    >
      {row.getAllCells().map((cell) => (
        <td key={cell.column.id} role="cell" className={columnClassNames[cell.column.id]}>
          {skim?.[cell.column.id] ? skim[cell.column.id]!(row.original) : <FlexRender cell={cell} />}
        </td>
      ))}
    </tr>
  );
}) as <T extends RowData>(props: DataRowProps<T>) => ReactNode;
