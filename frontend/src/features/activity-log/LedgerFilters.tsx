import { Search, X } from 'lucide-react';
import { useId, useMemo } from 'react';
import { useIntegrations } from '@/api';
import { LEDGER_STATES, type LedgerQuery } from '@/api/ledgerTypes';
import { Button, Select } from '@/components/ui';
import { cycleLabel, recentCycles, stateLabel } from './ledgerLabels';

// Radix Select has no empty value: "any" stands for "no filter".
const ANY = 'any';
const orAny = (v: string) => v || ANY;
const fromAny = (v: string) => (v === ANY ? '' : v);

export function isFiltered(q: LedgerQuery): boolean {
  return !!(q.cycle || q.account || q.vendor || q.state || q.since);
}

/** Cycle, account, vendor, state and since: the ledger query's filters. */
export function LedgerFilters({
  value,
  onChange,
  today,
}: {
  value: LedgerQuery;
  onChange: (q: LedgerQuery) => void;
  today: Date;
}) {
  const integrations = useIntegrations();
  const ids = { cycle: useId(), account: useId(), vendor: useId(), state: useId(), since: useId() };
  const set = (patch: Partial<LedgerQuery>) => onChange({ ...value, ...patch });

  const cycles = useMemo(() => {
    const list = recentCycles(today);
    // A cycle chosen before (or typed elsewhere) stays selectable.
    if (value.cycle && !list.includes(value.cycle)) list.push(value.cycle);
    return list;
  }, [today, value.cycle]);
  const vendors = (integrations.data ?? []).filter((i) => i.role === 'vendor').map((i) => i.name);

  return (
    <div className="data-toolbar ledger-filters" role="group" aria-label="Filter the activity log">
      <div className="data-toolbar__field ledger-filters__narrow">
        <label htmlFor={ids.cycle} className="field__label">
          Cycle
        </label>
        <Select
          id={ids.cycle}
          value={orAny(value.cycle)}
          onChange={(v) => set({ cycle: fromAny(v) })}
          options={[{ value: ANY, label: 'All cycles' }, ...cycles.map((c) => ({ value: c, label: cycleLabel(c) }))]}
        />
      </div>
      <div className="data-toolbar__field ledger-filters__search">
        <label htmlFor={ids.account} className="field__label">
          Account
        </label>
        <div className="search">
          <Search size={16} aria-hidden="true" className="search__icon" />
          <input
            id={ids.account}
            type="search"
            className="input search__input"
            placeholder="Account name"
            value={value.account}
            onChange={(e) => set({ account: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && value.account) {
                e.preventDefault();
                set({ account: '' });
              }
            }}
          />
          {value.account && (
            <button type="button" className="icon-btn search__clear" aria-label="Clear the account filter" onClick={() => set({ account: '' })}>
              <X size={14} aria-hidden="true" />
            </button>
          )}
        </div>
      </div>
      <div className="data-toolbar__field ledger-filters__narrow">
        <label htmlFor={ids.vendor} className="field__label">
          Vendor
        </label>
        <Select
          id={ids.vendor}
          value={orAny(value.vendor)}
          onChange={(v) => set({ vendor: fromAny(v) })}
          options={[{ value: ANY, label: 'All vendors' }, ...vendors.map((v) => ({ value: v, label: v }))]}
        />
      </div>
      <div className="data-toolbar__field ledger-filters__narrow">
        <label htmlFor={ids.state} className="field__label">
          State
        </label>
        <Select
          id={ids.state}
          value={orAny(value.state)}
          onChange={(v) => set({ state: fromAny(v) })}
          options={[{ value: ANY, label: 'All states' }, ...LEDGER_STATES.map((s) => ({ value: s, label: stateLabel(s) }))]}
        />
      </div>
      <div className="data-toolbar__field ledger-filters__date">
        <label htmlFor={ids.since} className="field__label">
          Since
        </label>
        <input
          id={ids.since}
          type="date"
          className="input"
          value={value.since}
          onChange={(e) => set({ since: e.target.value })}
        />
      </div>
      {isFiltered(value) && (
        <Button
          variant="ghost"
          onClick={() => onChange({ since: '', cycle: '', account: '', vendor: '', state: '' })}
        >
          Clear filters
        </Button>
      )}
    </div>
  );
}
