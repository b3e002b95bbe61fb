import { Check, ChevronDown } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Popover, SearchInput } from '@/components/ui';
import { formatCount } from '@/lib/format';

/** How many matching accounts the list shows at once (type to narrow it). */
export const ACCOUNT_LIST_MAX = 50;

/**
 * The account filter: a searchable list, since a true-up can span thousands of accounts
 * (a plain select would render every one of them).
 */
export function AccountFilter({ id, accounts, value, onChange }: { id: string; accounts: string[]; value: string; onChange: (v: string) => void }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? accounts.filter((a) => a.toLowerCase().includes(q)) : accounts;
  }, [accounts, query]);
  const shown = matches.slice(0, ACCOUNT_LIST_MAX);
  const choose = (v: string) => {
    onChange(v);
    setOpen(false);
    setQuery('');
  };
  return (
    <Popover
      label="Filter by account"
      open={open}
      onOpenChange={setOpen}
      width={320}
      trigger={
        <button id={id} type="button" className="select-trigger" aria-haspopup="dialog">
          <span className="select-trigger__value">{value || 'All accounts'}</span>
          <ChevronDown size={16} aria-hidden="true" className="select-trigger__icon" />
        </button>
      }
    >
      <SearchInput value={query} onChange={setQuery} ariaLabel="Search accounts" placeholder="Account name" inputRef={(el) => el?.focus()} />
      <div className="picker__list" role="listbox" aria-label="Accounts">
        <button type="button" role="option" aria-selected={value === ''} className="picker__option" onClick={() => choose('')}>
          <span className="picker__name">All accounts</span>
          {value === '' && <Check size={14} aria-hidden="true" />}
        </button>
        {shown.map((a) => (
          <button key={a} type="button" role="option" aria-selected={a === value} className="picker__option" onClick={() => choose(a)}>
            <span className="picker__name">{a}</span>
            {a === value && <Check size={14} aria-hidden="true" />}
          </button>
        ))}
        {matches.length > shown.length && (
          <p className="picker__empty">
            {formatCount(matches.length - shown.length)} more: type to narrow the list
          </p>
        )}
      </div>
    </Popover>
  );
}
