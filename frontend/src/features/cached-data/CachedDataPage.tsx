import { Database, Search, X } from 'lucide-react';
import { useEffect, useId, useMemo, useState } from 'react';
import { errorMessage, useIntegrations, useLines } from '@/api';
import { useNavigation } from '@/app/navigation';
import { Button, EmptyState, InlineAlert, PageHeader, RelativeTime, Select, Spinner } from '@/components/ui';
import { formatCount } from '@/lib/format';
import { roleLabel } from '@/lib/sync';
import { filterLines } from './filterLines';
import { LinesTable } from './LinesTable';
import './cached-data.css';

/** The lines reconciliation sees, read from the local cache only (works offline). */
export function CachedDataPage() {
  const integrations = useIntegrations();
  const nav = useNavigation();
  const [selectedId, setSelectedId] = useState<number | null>(nav.integrationId);
  const [showHidden, setShowHidden] = useState(false);
  const [query, setQuery] = useState('');
  const selectId = useId();
  const searchId = useId();
  const hiddenId = useId();

  const list = useMemo(() => integrations.data ?? [], [integrations.data]);
  useEffect(() => {
    if (list.length === 0) return;
    if (selectedId === null || !list.some((i) => i.id === selectedId)) setSelectedId(list[0]!.id);
  }, [list, selectedId]);

  const lines = useLines(selectedId, showHidden);
  const result = lines.data;
  const rows = useMemo(() => {
    const all = result?.lines ?? [];
    return filterLines(showHidden ? all : all.filter((l) => l.visible), query);
  }, [result, showHidden, query]);

  return (
    <>
      <PageHeader
        title="Cached Data"
        description="What TrueUp holds on this computer, as reconciliation sees it. It reads the local copy only, so it works offline."
        actions={
          <Button size="sm" variant="ghost" onClick={() => nav.navigate('explain')}>
            Why isn't it showing?
          </Button>
        }
      />
      {integrations.isError && (
        <InlineAlert>Could not load the integrations: {errorMessage(integrations.error)}</InlineAlert>
      )}
      {integrations.data && list.length === 0 && (
        <EmptyState
          icon={<Database size={22} />}
          title="Nothing cached yet"
          actions={<Button onClick={() => nav.navigate('integrations')}>Go to Integrations</Button>}
        >
          Add an integration and sync it; its data shows up here.
        </EmptyState>
      )}
      {list.length > 0 && (
        <>
          <div className="data-toolbar">
            <div className="data-toolbar__field">
              <label htmlFor={selectId} className="field__label">
                Integration
              </label>
              <Select
                id={selectId}
                value={selectedId === null ? '' : String(selectedId)}
                onChange={(v) => setSelectedId(Number(v))}
                placeholder="Choose an integration"
                options={list.map((i) => ({ value: String(i.id), label: i.name, hint: roleLabel(i.role) }))}
              />
            </div>
            <div className="data-toolbar__field data-toolbar__search">
              <label htmlFor={searchId} className="field__label">
                Search
              </label>
              <div className="search">
                <Search size={16} aria-hidden="true" className="search__icon" />
                <input
                  id={searchId}
                  type="search"
                  className="input search__input"
                  placeholder="Account, agreement, service or product"
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Escape' && query) {
                      e.preventDefault();
                      setQuery('');
                    }
                  }}
                />
                {query && (
                  <button type="button" className="icon-btn search__clear" aria-label="Clear the search" onClick={() => setQuery('')}>
                    <X size={14} aria-hidden="true" />
                  </button>
                )}
              </div>
            </div>
            <label className="toggle" htmlFor={hiddenId}>
              <input
                id={hiddenId}
                type="checkbox"
                role="switch"
                className="toggle__input"
                checked={showHidden}
                onChange={(e) => setShowHidden(e.target.checked)}
              />
              <span className="toggle__track" aria-hidden="true">
                <span className="toggle__thumb" />
              </span>
              <span>Show hidden lines</span>
            </label>
          </div>

          {lines.isPending && selectedId !== null && (
            <div className="loading">
              <Spinner /> Reading the cache…
            </div>
          )}
          {lines.isError && <InlineAlert>Could not read the cached data: {errorMessage(lines.error)}</InlineAlert>}
          {result && (
            <section className="section" aria-labelledby="lines-title">
              <div className="section__header">
                <h2 className="section__title" id="lines-title">
                  Cached data ·{' '}
                  {result.last_fetched_at ? (
                    <RelativeTime value={result.last_fetched_at} prefix="fetched " />
                  ) : (
                    <span className="muted">never fetched</span>
                  )}
                </h2>
                <span className="section__meta num" data-testid="line-counts">
                  {formatCount(result.visible)} visible · {formatCount(result.hidden)} hidden
                  {query && ` · ${formatCount(rows.length)} matching`}
                </span>
              </div>
              {rows.length === 0 ? (
                <EmptyState icon={<Search size={22} />} title={query ? 'No matching lines' : 'No cached lines'}>
                  {query
                    ? 'Try another search, or show the hidden lines.'
                    : 'Sync this integration to fill its cache.'}
                </EmptyState>
              ) : (
                <LinesTable lines={rows} role={result.role} />
              )}
            </section>
          )}
        </>
      )}
    </>
  );
}
