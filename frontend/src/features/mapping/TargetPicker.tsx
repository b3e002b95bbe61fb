import { ChevronsUpDown } from 'lucide-react';
import { useId, useState } from 'react';
import { errorMessage, usePSAOptions, type MappingKind, type PSAOption } from '@/api';
import { Button, Popover, SearchInput, SegmentedControl, Spinner } from '@/components/ui';
import { useDebouncedValue } from '@/lib/useDebouncedValue';

/**
 * Pick any PSA account or catalog product by name (MappingService.Options). With several PSA
 * integrations it asks which one first (psaIntegrationId is where it starts: the mapped or
 * suggested PSA); the pick carries its PSA, so the mapping goes there.
 */
export function TargetPicker({
  kind,
  psaIntegrationId,
  psas = [],
  vendorName,
  onPick,
  disabled,
}: {
  kind: MappingKind;
  psaIntegrationId: number;
  /** Every PSA integration; the picker asks which one when there are several. */
  psas?: readonly { id: number; name: string }[];
  vendorName: string;
  onPick: (option: PSAOption) => void;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [psa, setPSA] = useState(psaIntegrationId);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const debounced = useDebouncedValue(query, 200);
  const options = usePSAOptions(psa, kind, debounced, open);
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
      onOpenChange={(o) => {
        if (o) setPSA(psaIntegrationId);
        setOpen(o);
      }}
      width={360}
      align="end"
      trigger={
        <Button size="sm" variant="ghost" disabled={disabled} trailingIcon={<ChevronsUpDown size={14} aria-hidden="true" />} aria-label={`Choose the ${what} for ${vendorName}`}>
          Choose…
        </Button>
      }
    >
      {psas.length > 1 && (
        <SegmentedControl<string>
          label="PSA"
          value={String(psa)}
          onChange={(v) => {
            setPSA(Number(v));
            setActive(0);
          }}
          segments={psas.map((p) => ({ value: String(p.id), label: p.name }))}
        />
      )}
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
