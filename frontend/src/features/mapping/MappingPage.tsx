import * as Tabs from '@radix-ui/react-tabs';
import { CheckCheck, Link2, Search } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import {
  errorMessage,
  useAcceptExact,
  useIntegrations,
  useMapItem,
  useMappings,
  type MappingKind,
  type MappingRow,
  type MapRequest,
  type MappingState,
} from '@/api';
import { useNavigation } from '@/app/navigation';
import { Button, EmptyState, InlineAlert, PageHeader, SearchInput, SegmentedControl, Select, Spinner, useNotices } from '@/components/ui';
import { formatCount, pluralize } from '@/lib/format';
import { countByState, exactCount, filterMappings } from './filterMappings';
import { MappingTable, rowKey, type MappingActions } from './MappingTable';
import { NoteDialog } from './NoteDialog';
import { UnmappedSummary } from './UnmappedSummary';
import './mapping.css';

type StateFilter = MappingState | 'all';

/**
 * Step 1 of the month: every vendor account and product maps to a PSA one or is excluded;
 * until then its subscriptions make no cards. Suggestions are never applied on their own.
 */
export function MappingPage() {
  const mappings = useMappings();
  const integrations = useIntegrations();
  const nav = useNavigation();
  const notices = useNotices();
  const map = useMapItem();
  const acceptExact = useAcceptExact();
  // "Why isn't it showing?" opens the screen at one item: its tab, vendor and name, in any state.
  const [kind, setKind] = useState<MappingKind>(nav.mappingKind ?? 'account');
  const [vendorId, setVendorId] = useState(nav.integrationId ?? 0);
  const [state, setState] = useState<StateFilter>(nav.query ? 'all' : 'unmapped');
  const [search, setSearch] = useState(nav.query ?? '');
  const [noteFor, setNoteFor] = useState<MappingRow | null>(null);
  const vendorSelectId = useId();

  const rows = useMemo(() => mappings.data?.rows ?? [], [mappings.data]);
  const unmapped = mappings.data?.unmapped ?? [];
  const shown = useMemo(() => filterMappings(rows, { kind, integrationId: vendorId, state, search }), [rows, kind, vendorId, state, search]);
  const counts = useMemo(() => countByState(rows, kind, vendorId), [rows, kind, vendorId]);
  const exact = exactCount(rows, vendorId);
  const vendors = useMemo(() => {
    const seen = new Map<number, string>();
    for (const u of unmapped) seen.set(u.integration_id, u.integration);
    for (const r of rows) seen.set(r.integration_id, r.integration);
    return [...seen].map(([id, name]) => ({ id, name }));
  }, [rows, unmapped]);
  const psas = useMemo(() => (integrations.data ?? []).filter((i) => i.role === 'psa').map((i) => ({ id: i.id, name: i.name })), [integrations.data]);
  const psa = psas[0];
  const unmappedOf = (k: MappingKind) => rows.filter((r) => r.kind === k && r.state === 'unmapped' && (vendorId === 0 || r.integration_id === vendorId)).length;

  const send = (row: MappingRow, req: Omit<MapRequest, 'integration_id' | 'kind' | 'vendor_id'>, done: string) => {
    map.mutate(
      { integration_id: row.integration_id, kind: row.kind, vendor_id: row.vendor_id, ...req },
      {
        onSuccess: () => notices.success(done),
        onError: (err) => notices.error(`Could not change the mapping of ${row.vendor_name}`, err),
      },
    );
  };
  const none = { psa_integration_id: 0, psa_id: '', exclude: false, clear: false };
  const actions: MappingActions = {
    accept: (row, s) => send(row, { ...none, psa_integration_id: s.psa_integration_id, psa_id: s.psa_id }, `Mapped ${row.vendor_name} to ${s.psa_name}`),
    pick: (row, o) => send(row, { ...none, psa_integration_id: o.psa_integration_id, psa_id: o.id }, `Mapped ${row.vendor_name} to ${o.name}`),
    exclude: (row) => send(row, { ...none, exclude: true }, `Excluded ${row.vendor_name}: its subscriptions make no cards`),
    clear: (row) => send(row, { ...none, clear: true }, `${row.vendor_name} is unmapped again`),
    editNote: (row) => setNoteFor(row),
    pendingKey: map.isPending && map.variables ? rowKey(map.variables) : null,
  };

  return (
    <>
      <PageHeader
        title="Mapping"
        description="Match every vendor account and product to its PSA account and product, or exclude it. Unmapped items make no cards."
        actions={
          <Button
            variant="primary"
            icon={<CheckCheck size={16} aria-hidden="true" />}
            disabled={exact === 0}
            loading={acceptExact.isPending}
            title={exact === 0 ? 'No unmapped item has an exact match' : 'Names equal after normalising case, punctuation and suffixes, or the same identifier'}
            onClick={() =>
              acceptExact.mutate(vendorId, {
                onSuccess: (n) => notices.success(n === 0 ? 'No exact match was left to accept' : `Accepted ${pluralize(n, 'exact match', 'exact matches')}`),
                onError: (err) => notices.error('Could not accept the exact matches', err),
              })
            }
          >
            Accept all exact matches{exact > 0 ? ` (${formatCount(exact)})` : ''}
          </Button>
        }
      />
      {mappings.isPending && (
        <div className="loading">
          <Spinner /> Reading the mappings…
        </div>
      )}
      {mappings.isError && <InlineAlert>Could not read the mappings: {errorMessage(mappings.error)}</InlineAlert>}
      {mappings.data && (
        <>
          <UnmappedSummary unmapped={unmapped} />
          {rows.length === 0 ? (
            <EmptyState
              icon={<Link2 size={22} />}
              title="No vendor data to map yet"
              actions={<Button onClick={() => nav.navigate('sync-status')}>Go to Sync Status</Button>}
            >
              Sync a vendor integration: its accounts and products show up here.
            </EmptyState>
          ) : (
            <Tabs.Root value={kind} onValueChange={(v) => setKind(v as MappingKind)}>
              <Tabs.List className="tabs" aria-label="What to map">
                <Tabs.Trigger value="account" className="tabs__tab">
                  Accounts {unmappedOf('account') > 0 && <span className="tabs__count">{formatCount(unmappedOf('account'))}</span>}
                </Tabs.Trigger>
                <Tabs.Trigger value="product" className="tabs__tab">
                  Products {unmappedOf('product') > 0 && <span className="tabs__count">{formatCount(unmappedOf('product'))}</span>}
                </Tabs.Trigger>
              </Tabs.List>
              <div className="toolbar">
                {vendors.length > 1 && (
                  <div className="toolbar-field">
                    <label htmlFor={vendorSelectId} className="field__label">
                      Vendor
                    </label>
                    <Select
                      id={vendorSelectId}
                      value={String(vendorId)}
                      onChange={(v) => setVendorId(Number(v))}
                      options={[{ value: '0', label: 'All vendors' }, ...vendors.map((v) => ({ value: String(v.id), label: v.name }))]}
                    />
                  </div>
                )}
                <SegmentedControl<StateFilter>
                  label="State"
                  value={state}
                  onChange={setState}
                  segments={[
                    { value: 'unmapped', label: `Unmapped ${formatCount(counts.unmapped)}` },
                    { value: 'mapped', label: `Mapped ${formatCount(counts.mapped)}` },
                    { value: 'excluded', label: `Excluded ${formatCount(counts.excluded)}` },
                    { value: 'all', label: `All ${formatCount(counts.all)}` },
                  ]}
                />
                <div className="toolbar-search">
                  <SearchInput value={search} onChange={setSearch} ariaLabel="Search" placeholder="Vendor or PSA name, or id" />
                </div>
              </div>
              {(['account', 'product'] as const).map((k) => (
                <Tabs.Content key={k} value={k} className="tabs__panel">
                  {k === kind &&
                    (shown.length === 0 ? (
                      <EmptyState icon={<Search size={22} />} title={state === 'unmapped' && !search ? `Every ${k} is mapped or excluded` : 'Nothing matches'}>
                        {state === 'unmapped' && !search ? 'Nothing waits here. Show the mapped ones to check or change them.' : 'Try another search or state.'}
                      </EmptyState>
                    ) : (
                      <MappingTable rows={shown} actions={actions} defaultPSAIntegrationId={psa?.id ?? 0} psas={psas} />
                    ))}
                </Tabs.Content>
              ))}
            </Tabs.Root>
          )}
        </>
      )}
      {noteFor && (
        <NoteDialog
          psaIntegrationId={noteFor.psa_integration_id ?? 0}
          accountId={noteFor.psa_id}
          accountName={noteFor.psa_name || noteFor.vendor_name}
          note={noteFor.note_text ?? ''}
          tags={noteFor.tags ?? []}
          onClose={() => setNoteFor(null)}
        />
      )}
    </>
  );
}
