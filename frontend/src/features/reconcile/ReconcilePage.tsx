import { CheckCheck, LayoutGrid, List, Scale, Search, SearchCheck, Settings2 } from 'lucide-react';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  errorMessage,
  useAcknowledge,
  useApprove,
  useCards,
  useIntegrations,
  useLivePushes,
  useReconcileSettings,
  useUnmappedCounts,
  type Card,
  type CardDirection,
  type CardQuery,
  type CardState,
} from '@/api';
import { useNavigation } from '@/app/navigation';
import { Button, EmptyState, InlineAlert, PageHeader, SearchInput, SegmentedControl, Select, Spinner, useNotices } from '@/components/ui';
import { UnmappedSummary } from '@/features/mapping/UnmappedSummary';
import { formatCount, pluralize } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import { useDebouncedValue } from '@/lib/useDebouncedValue';
import { AccountFilter } from './AccountFilter';
import { approveRequest, ApproveDialog } from './ApproveDialog';
import { StaleBanner, SyncRunningBanner } from './Banners';
import { BulkApprove } from './BulkApprove';
import type { CardHandlers } from './CardActions';
import { CardGrid } from './CardGrid';
import { acknowledgeOnly, approvesDirectly, arrange, groupKey, isOpen, STATE_LABELS, type GroupBy } from './cardModel';
import { CardTable } from './CardTable';
import { SettingsDialog } from './SettingsDialog';
import { DismissDialog } from './DismissDialog';
import { toGroups } from './GroupHeader';
import { ReviewDialog } from './ReviewDialog';
import { ShortcutLegend } from './ShortcutLegend';
import { useApprovalReport } from './useApprovalReport';
import { useCardShortcuts } from './useCardShortcuts';
import './reconcile.css';

type View = 'grid' | 'list';
type StateFilter = CardState | 'all';
type Open = { kind: 'approve' | 'dismiss' | 'review'; card: Card } | null;

// Nearly a window high: scrolled to, the list fills the view and scrolls on its own.
const SCROLL_HEIGHT = 'max(480px, calc(100vh - 140px))';
const ALL = '*';

/**
 * Steps 3-5 of the month: one card per PSA account and product, compared with what the
 * vendors count; approve, dismiss or review each, keyboard first. Filters are applied by
 * Go (so the totals are Go's exact sums); grouping and order are the screen's.
 */
export function ReconcilePage() {
  const nav = useNavigation();
  const notices = useNotices();
  const integrations = useIntegrations();
  const settings = useReconcileSettings();
  const unmapped = useUnmappedCounts();
  const live = useLivePushes();
  const approve = useApprove();
  const acknowledge = useAcknowledge();
  const report = useApprovalReport();

  // An inbox notice (the weekly summary's New Revenue) opens the page filtered to a state.
  const [state, setState] = useState<StateFilter>((nav.cardState as CardState | null) ?? 'all');
  const [vendor, setVendor] = useState('');
  const [account, setAccount] = useState('');
  const [direction, setDirection] = useState<CardDirection>('');
  const [search, setSearch] = useState('');
  const [showDecided, setShowDecided] = useState(false);
  const [view, setView] = useState<View>('grid');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [groupBy, setGroupBy] = useState<GroupBy>('none');
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [open, setOpen] = useState<Open>(null);
  const [bulk, setBulk] = useState<Card[] | null>(null);
  const ids = { vendor: useId(), account: useId(), group: useId(), decided: useId() };

  const debouncedSearch = useDebouncedValue(search, 200);
  const query = useMemo<CardQuery>(
    () => ({ state: state === 'all' ? '' : state, account, vendor, direction, search: debouncedSearch, all: showDecided }),
    [state, account, vendor, direction, debouncedSearch, showDecided],
  );
  const cards = useCards(query);
  const list = cards.data;
  const arranged = useMemo(() => arrange(list?.cards ?? [], groupBy), [list, groupBy]);
  const byId = useMemo(() => new Map(arranged.map((c) => [c.id, c])), [arranged]);
  const order = useMemo(() => arranged.map((c) => c.id), [arranged]);
  const keyOf = useMemo(() => (groupBy === 'none' ? null : (c: Card) => groupKey(c, groupBy)), [groupBy]);
  const groups = useMemo(() => toGroups(arranged, keyOf), [arranged, keyOf]);
  const selectedCards = useMemo(() => arranged.filter((c) => selected.has(c.id)), [arranged, selected]);
  const noChangeOpen = useMemo(() => arranged.filter((c) => c.state === 'no_change' && isOpen(c)), [arranged]);
  const accounts = useMemo(() => {
    const names = new Set((list?.cards ?? []).map((c) => c.account_name));
    if (account) names.add(account);
    return [...names].sort((a, b) => a.localeCompare(b));
  }, [list, account]);
  const vendors = (integrations.data ?? []).filter((i) => i.role === 'vendor');
  const stale = (list?.freshness ?? []).filter((f) => f.stale);

  const doApprove = useCallback(
    (card: Card) => {
      if (!isOpen(card)) return;
      if (acknowledgeOnly(card)) {
        acknowledge.mutate([card.id], {
          onSuccess: () => notices.success(`Acknowledged ${card.product_name} for ${card.account_name}: nothing to push`),
          onError: (err) => notices.error('Could not acknowledge the card', err),
        });
      } else if (card.state === 'new_revenue') {
        setOpen({ kind: 'review', card });
      } else if (approvesDirectly(card)) {
        approve.mutate(approveRequest(card.id), {
          onSuccess: (result) => report(card, result),
          onError: (err) => notices.error(`Could not approve ${card.product_name} for ${card.account_name}`, err),
        });
      } else {
        setOpen({ kind: 'approve', card });
      }
    },
    [acknowledge, approve, notices, report],
  );
  const toggleSelect = useCallback((card: Card) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(card.id)) next.delete(card.id);
      // Only an undecided card can be approved again.
      else if (isOpen(card)) next.add(card.id);
      return next;
    });
  }, []);
  const handlers = useMemo<CardHandlers>(
    () => ({
      approve: doApprove,
      dismiss: (card) => isOpen(card) && setOpen({ kind: 'dismiss', card }),
      review: (card) => isOpen(card) && !acknowledgeOnly(card) && setOpen({ kind: 'review', card }),
      toggleSelect,
      focus: (card) => setFocusedId(card.id),
    }),
    [doApprove, toggleSelect],
  );
  const onSelectAll = useCallback(
    (checked: boolean) =>
      setSelected((prev) => {
        const next = new Set(prev);
        for (const c of arranged) {
          if (checked && isOpen(c)) next.add(c.id);
          if (!checked) next.delete(c.id);
        }
        return next;
      }),
    [arranged],
  );

  // A decided card leaves the list when the cards are read again: the focus moves to the
  // card that took its place, so a, a, a walks down the list.
  const lastIndex = useRef(-1);
  useEffect(() => {
    if (focusedId === null) return;
    const at = order.indexOf(focusedId);
    if (at >= 0) {
      lastIndex.current = at;
    } else if (order.length > 0 && lastIndex.current >= 0) {
      setFocusedId(order[Math.min(lastIndex.current, order.length - 1)]!);
    }
  }, [order, focusedId]);

  const withCard = (f: (c: Card) => void) => (id: string) => {
    const c = byId.get(id);
    if (c) f(c);
  };
  useCardShortcuts({
    order,
    focusedId,
    setFocusedId,
    approve: withCard(handlers.approve),
    dismiss: withCard(handlers.dismiss),
    review: withCard(handlers.review),
    toggleSelect: withCard(handlers.toggleSelect),
  });

  const filtered = state !== 'all' || vendor || account || direction || debouncedSearch;
  const totals = list?.totals;

  return (
    <>
      <PageHeader
        title="Reconcile"
        description={
          list?.cycle
            ? `Billing cycle ${list.cycle}: what the PSA bills against what the vendors charge. Approve pushes the vendor quantity to the PSA.`
            : 'What the PSA bills against what the vendors charge. Approve pushes the vendor quantity to the PSA.'
        }
        actions={
          <>
            <Button size="sm" variant="ghost" icon={<SearchCheck size={15} aria-hidden="true" />} onClick={() => nav.navigate('explain')}>
              Missing a customer? Why isn't it showing?
            </Button>
            <Button size="sm" variant="ghost" icon={<Settings2 size={15} aria-hidden="true" />} onClick={() => setSettingsOpen(true)}>
              Settings
            </Button>
            <SegmentedControl<View>
              label="View"
              value={view}
              onChange={setView}
              segments={[
                { value: 'grid', label: <LayoutGrid size={15} aria-hidden="true" />, ariaLabel: 'Cards', tooltip: 'Card grid' },
                { value: 'list', label: <List size={15} aria-hidden="true" />, ariaLabel: 'List', tooltip: 'List with checkboxes' },
              ]}
            />
          </>
        }
      />
      {unmapped.data && (
        <UnmappedSummary
          unmapped={unmapped.data}
          action={
            <Button size="sm" onClick={() => nav.navigate('mapping')}>
              Map them
            </Button>
          }
        />
      )}
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
      {list?.sync_running && <SyncRunningBanner />}
      {stale.length > 0 && <StaleBanner stale={stale} />}

      <div className="toolbar rc-toolbar">
        <SegmentedControl<StateFilter>
          label="State"
          value={state}
          onChange={setState}
          size="sm"
          segments={[{ value: 'all', label: 'All' }, ...(Object.keys(STATE_LABELS) as CardState[]).map((s) => ({ value: s, label: STATE_LABELS[s] }))]}
        />
        <SegmentedControl<'any' | 'increase' | 'decrease'>
          label="Direction"
          value={direction || 'any'}
          onChange={(v) => setDirection(v === 'any' ? '' : v)}
          size="sm"
          segments={[
            { value: 'any', label: 'Any change' },
            { value: 'increase', label: 'Increases' },
            { value: 'decrease', label: 'Decreases' },
          ]}
        />
      </div>
      <div className="toolbar rc-toolbar">
        {vendors.length > 0 && (
          <div className="toolbar-field">
            <label className="field__label" htmlFor={ids.vendor}>
              Vendor
            </label>
            <Select
              id={ids.vendor}
              value={vendor || ALL}
              onChange={(v) => setVendor(v === ALL ? '' : v)}
              options={[{ value: ALL, label: 'All vendors' }, ...vendors.map((v) => ({ value: v.name, label: v.name }))]}
            />
          </div>
        )}
        <div className="toolbar-field">
          <label className="field__label" htmlFor={ids.account}>
            Account
          </label>
          <AccountFilter id={ids.account} accounts={accounts} value={account} onChange={setAccount} />
        </div>
        <div className="toolbar-field">
          <label className="field__label" htmlFor={ids.group}>
            Group by
          </label>
          <Select
            id={ids.group}
            value={groupBy}
            onChange={(v) => setGroupBy(v as GroupBy)}
            options={[
              { value: 'none', label: 'No grouping' },
              { value: 'account', label: 'Account' },
              { value: 'vendor', label: 'Vendor' },
            ]}
          />
        </div>
        <div className="toolbar-search">
          <SearchInput value={search} onChange={setSearch} ariaLabel="Search cards" placeholder="Account or product" />
        </div>
        <label className="toggle" htmlFor={ids.decided}>
          <input id={ids.decided} type="checkbox" role="switch" className="toggle__input" checked={showDecided} onChange={(e) => setShowDecided(e.target.checked)} />
          <span className="toggle__track" aria-hidden="true">
            <span className="toggle__thumb" />
          </span>
          <span>Show decided</span>
        </label>
      </div>

      <div className="rc-summary">
        {totals && (
          <p className="rc-totals num" data-testid="card-totals">
            <strong>{pluralize(totals.cards, 'card')}</strong>
            {(Object.keys(STATE_LABELS) as CardState[])
              .filter((s) => (totals.by_state[s] ?? 0) > 0)
              .map((s) => (
                <span key={s} className="rc-totals__state">
                  {' '}
                  · {formatCount(totals.by_state[s] ?? 0)} {STATE_LABELS[s]}
                </span>
              ))}
            <span className="money--up"> · {formatMoney(totals.revenue_added, { signed: true })} added</span>
            <span className="money--down"> · {formatMoney(totals.revenue_removed, { signed: true })} removed</span>
            <span className="muted"> a month</span>
          </p>
        )}
        <div className="rc-summary__actions">
          {cards.isFetching && <Spinner size={14} label="Updating the cards" />}
          {noChangeOpen.length > 0 && (
            <Button
              size="sm"
              icon={<CheckCheck size={14} aria-hidden="true" />}
              loading={acknowledge.isPending}
              title="Mark every No Change card shown as seen; nothing is pushed"
              onClick={() =>
                acknowledge.mutate(
                  noChangeOpen.map((c) => c.id),
                  {
                    onSuccess: (n) => notices.success(`Acknowledged ${pluralize(n, 'No Change card')}`),
                    onError: (err) => notices.error('Could not acknowledge the cards', err),
                  },
                )
              }
            >
              Acknowledge all shown ({formatCount(noChangeOpen.length)})
            </Button>
          )}
        </div>
      </div>
      <ShortcutLegend />

      {selectedCards.length > 0 && (
        <div className="bulk-bar" role="region" aria-label="Selection">
          <span className="num">
            <strong>{formatCount(selectedCards.length)}</strong> selected
          </span>
          <Button size="sm" variant="primary" icon={<CheckCheck size={14} aria-hidden="true" />} onClick={() => setBulk(selectedCards)}>
            Approve selected
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
        </div>
      )}

      {cards.isPending && (
        <div className="loading">
          <Spinner /> Building the cards…
        </div>
      )}
      {cards.isError && <InlineAlert>Could not build the cards: {errorMessage(cards.error)}</InlineAlert>}
      {list &&
        (arranged.length === 0 ? (
          <EmptyState icon={filtered ? <Search size={22} /> : <Scale size={22} />} title={filtered ? 'No card matches the filter' : 'Nothing left to review'}>
            {filtered ? 'Try another filter or search.' : 'Every card of this cycle is decided. Turn on “Show decided” to see them.'}
          </EmptyState>
        ) : view === 'grid' ? (
          <CardGrid groups={groups} focusedId={focusedId} selected={selected} live={live} handlers={handlers} height={SCROLL_HEIGHT} />
        ) : (
          <CardTable
            cards={arranged}
            groupOf={keyOf ?? undefined}
            focusedId={focusedId}
            selected={selected}
            live={live}
            handlers={handlers}
            onSelectAll={onSelectAll}
            height={SCROLL_HEIGHT}
          />
        ))}

      {open?.kind === 'approve' && <ApproveDialog card={open.card} onClose={() => setOpen(null)} />}
      {open?.kind === 'review' && <ReviewDialog card={open.card} onClose={() => setOpen(null)} />}
      {open?.kind === 'dismiss' && <DismissDialog card={open.card} onClose={() => setOpen(null)} />}
      {bulk && <BulkApprove cards={bulk} settings={settings.data} onClose={() => setBulk(null)} onDone={() => setSelected(new Set())} />}
    </>
  );
}
