import { ChevronsUpDown } from 'lucide-react';
import { useId, useState } from 'react';
import { errorMessage, usePSAOptions, type MappingKind, type PSAOption } from '@/api';
import { Button, Popover, SearchInput, Spinner } from '@/components/ui';
import { useDebouncedValue } from '@/lib/useDebouncedValue';

/** Pick any PSA account or catalog product by name (MappingService.Options). */
export function TargetPicker({
  kind,
  psaIntegrationId,
  vendorName,
  onPick,
  disabled,
}: {
  kind: MappingKind;
  psaIntegrationId: number;
  vendorName: string;
  onPick: (option: PSAOption) => void;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const debounced = useDebouncedValue(query, 200);
  const options = usePSAOptions(psaIntegrationId, kind, debounced, open);
  const list = options.data ?? [];
  const listId = useId();
  const what = kind === 'account' ? 'PSA account' : 'PSA product';

  const pick = (o: PSAOption) => {
    setOpen(false);
    setQuery('');
    onPick(o);
  };

  return (
    <Popover
      label={`Choose the ${what} for ${vendorName}`}
      open={open}
      onOpenChange={setOpen}
      width={360}
      align="end"
      trigger={
        <Button size="sm" variant="ghost" disabled={disabled} trailingIcon={<ChevronsUpDown size={14} aria-hidden="true" />} aria-label={`Choose the ${what} for ${vendorName}`}>
          Choose…
        </Button>
      }
    >
      <SearchInput
        value={query}
        onChange={(v) => {
          setQuery(v);
          setActive(0);
        }}
        ariaLabel={`Search ${what}s`}
        placeholder={kind === 'account' ? 'Company name' : 'Product name or identifier'}
        inputRef={(el) => el?.focus()}
      />
      <div
        className="picker__list"
        role="listbox"
        id={listId}
        aria-label={`${what}s`}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, list.length - 1));
          if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
        }}
      >
        {options.isError && <p className="picker__empty">Could not list them: {errorMessage(options.error)}</p>}
        {options.isPending && (
          <p className="picker__empty">
            <Spinner size={14} /> Searching…
          </p>
        )}
        {options.isSuccess && list.length === 0 && <p className="picker__empty">Nothing matches “{debounced}”.</p>}
        {list.map((o, i) => (
          <button
            key={`${o.psa_integration_id}:${o.id}`}
            type="button"
            role="option"
            aria-selected={i === active}
            className="picker__option"
            onMouseEnter={() => setActive(i)}
            onClick={() => pick(o)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                const next = e.currentTarget.parentElement?.querySelectorAll<HTMLElement>('[role=option]')[i + (e.key === 'ArrowDown' ? 1 : -1)];
                next?.focus();
              }
            }}
          >
            <span className="picker__name">{o.name}</span>
            {o.detail && <span className="picker__detail">{o.detail}</span>}
          </button>
        ))}
      </div>
    </Popover>
  );
}
