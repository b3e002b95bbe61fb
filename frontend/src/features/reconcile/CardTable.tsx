import { createContext, useContext, useMemo } from 'react';
import type { Card, PushEntry } from '@/api';
import { Badge, Checkbox, CheckboxLook, DataTable, LazyTooltips, dataColumns, type DataColumn, type SkimCells } from '@/components/ui';
import { formatMoney } from '@/lib/money';
import { CardActions, type CardHandlers } from './CardActions';
import { CardFlags } from './CardFlags';
import { pushOf, stateLabel, stateTone } from './cardModel';
import { EvidenceNumber, EvidenceText } from './Evidence';
import { PushBadge } from './PushBadge';
import { Difference } from './ServiceCard';

/** What the cells read besides their card: the columns stay the same while these change. */
interface RowState {
  selected: ReadonlySet<string>;
  live: Record<string, PushEntry>;
  handlers: CardHandlers;
  allSelected: boolean | 'indeterminate';
  selectAll(checked: boolean): void;
}
const RowContext = createContext<RowState | null>(null);
function useRowState(): RowState {
  const ctx = useContext(RowContext);
  if (!ctx) throw new Error('CardTable cells need their RowContext');
  return ctx;
}

function SelectAll() {
  const s = useRowState();
  return <Checkbox checked={s.allSelected} onChange={s.selectAll} label="Select every card of the filter" />;
}
function SelectCell({ card }: { card: Card }) {
  const s = useRowState();
  return <Checkbox checked={s.selected.has(card.id)} onChange={() => s.handlers.toggleSelect(card)} label={`Select ${card.product_name} for ${card.account_name}`} />;
}
/** The push state first (it changes live), then as many flags as fit. */
function StatusCell({ card }: { card: Card }) {
  const s = useRowState();
  const push = pushOf(card, s.live);
  return (
    <div className="status-cell">
      {push && <PushBadge {...push} />}
      <CardFlags card={card} max={push ? 1 : 2} />
    </div>
  );
}
/** Up to two lines, so "Acme Dental Group" reads whole at 1280 px; the rest ellipsizes. */
function Name({ text }: { text: string }) {
  return (
    <span className="card-table__name" title={text}>
      {text}
    </span>
  );
}
function ActionsCell({ card }: { card: Card }) {
  return <CardActions card={card} handlers={useRowState().handlers} compact />;
}

const col = dataColumns<Card>();
const columns: DataColumn<Card>[] = [
  col.display({ id: 'select', header: () => <SelectAll />, cell: (c) => <SelectCell card={c.row.original} /> }),
  col.accessor('account_name', { header: 'Account', cell: (c) => <Name text={c.getValue()} /> }),
  col.accessor('product_name', { header: 'Product', cell: (c) => <Name text={c.getValue()} /> }),
  col.accessor('state', { header: 'State', cell: (c) => <Badge tone={stateTone(c.getValue())}>{stateLabel(c.getValue())}</Badge> }),
  // Keyed by card: a row's elements are reused for another card when it scrolls out
  // (DataTable), and an open evidence popover belongs to its card.
  col.accessor('psa_quantity', { header: 'PSA', cell: (c) => <EvidenceNumber key={c.row.id} card={c.row.original} side="psa" /> }),
  col.accessor('vendor_quantity', { header: 'Vendor', cell: (c) => <EvidenceNumber key={c.row.id} card={c.row.original} side="vendor" /> }),
  col.accessor('difference', { header: 'Diff', cell: (c) => <Difference value={c.getValue()} /> }),
  col.accessor('monthly_impact', { header: 'Monthly', cell: (c) => <span className="num">{formatMoney(c.getValue(), { signed: true })}</span> }),
  col.display({ id: 'flags', header: 'Push · flags', cell: (c) => <StatusCell card={c.row.original} /> }),
  col.display({ id: 'actions', header: () => <span className="visually-hidden">Actions</span>, cell: (c) => <ActionsCell card={c.row.original} /> }),
];

/** The checkbox's look, for rows seen while the list is flung (no Radix parts). */
function SkimSelect({ card }: { card: Card }) {
  return <CheckboxLook checked={useRowState().selected.has(card.id)} />;
}

/**
 * Rows seen for a frame while the list is flung (DataTable's skimCells): the checkbox as
 * its box, the quantities as text, no flags or buttons (the row renders them once the
 * scroll stops). The names, state and amounts are plain already: their own cells.
 */
const SKIM: SkimCells<Card> = {
  select: (c) => <SkimSelect card={c} />,
  psa_quantity: (c) => <EvidenceText card={c} side="psa" />,
  vendor_quantity: (c) => <EvidenceText card={c} side="vendor" />,
  flags: () => null,
  actions: () => null,
};

const CLASSES: Record<string, string> = {
  select: 'col-select',
  account_name: 'col-account',
  product_name: 'col-product',
  state: 'col-state',
  psa_quantity: 'col-qty right',
  vendor_quantity: 'col-qty right',
  difference: 'col-qty right',
  monthly_impact: 'col-money right',
  flags: 'col-flags',
  actions: 'col-actions right',
};

/** The list view: a virtualised table with checkboxes for bulk approval. */
export function CardTable({
  cards,
  groupOf,
  focusedId,
  selected,
  live,
  handlers,
  onSelectAll,
  height,
}: {
  cards: Card[];
  groupOf?: (c: Card) => string;
  focusedId: string | null;
  selected: ReadonlySet<string>;
  live: Record<string, PushEntry>;
  handlers: CardHandlers;
  onSelectAll: (checked: boolean) => void;
  height: string | number;
}) {
  const picked = cards.reduce((n, c) => n + (selected.has(c.id) ? 1 : 0), 0);
  const allSelected = picked === 0 ? false : picked === cards.length ? true : 'indeterminate';
  const state = useMemo<RowState>(
    () => ({ selected, live, handlers, allSelected, selectAll: onSelectAll }),
    [selected, live, handlers, allSelected, onSelectAll],
  );
  return (
    <RowContext.Provider value={state}>
      <div className="card-table">
        <LazyTooltips>
          <DataTable
            rows={cards}
            columns={columns}
            getRowId={(c) => c.id}
            label="Service cards"
            height={height}
            rowHeight={48}
            groupOf={groupOf}
            renderGroup={(key, count) => (
              <span className="group-header">
                <span className="group-header__name">{key}</span>
                <span className="group-header__count num">{count === 1 ? '1 card' : `${count} cards`}</span>
              </span>
            )}
            focusedId={focusedId}
            isSelected={(c) => selected.has(c.id)}
            onRowClick={(c) => handlers.focus(c)}
            columnClassNames={CLASSES}
            skimCells={SKIM}
            rowTestId="card-row"
          />
        </LazyTooltips>
      </div>
    </RowContext.Provider>
  );
}
