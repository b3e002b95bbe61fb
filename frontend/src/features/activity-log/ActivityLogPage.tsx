import { Download, History, RefreshCw } from 'lucide-react';
import { useDeferredValue, useMemo, useState } from 'react';
import { api, errorMessage, useLedger } from '@/api';
import { EMPTY_LEDGER_QUERY, type LedgerEntry, type LedgerQuery } from '@/api/ledgerTypes';
import { Button, EmptyState, InlineAlert, PageHeader, Spinner, useNotices } from '@/components/ui';
import { pluralize } from '@/lib/format';
import { downloadText, ledgerFileName } from './csvDownload';
import { isFiltered, LedgerFilters } from './LedgerFilters';
import { LedgerTable } from './LedgerTable';
import { PendingPushes } from './PendingPushes';
import { RevertDialog } from './RevertDialog';
// The toolbar and search-box styles live with Cached Data, which introduced them.
import '@/features/cached-data/cached-data.css';
import './activity-log.css';

/**
 * Every decision and every push, newest first, with the pending pushes above. The query
 * filters on the backend (the same filter the CSV export and `trueup ledger` use); the
 * push:changed event keeps it live (usePushEvents in the shell).
 */
export function ActivityLogPage({ today }: { today?: Date }) {
  const [day] = useState(() => today ?? new Date());
  const [filters, setFilters] = useState<LedgerQuery>(EMPTY_LEDGER_QUERY);
  // Typing in the account box does not ask the backend on every key.
  const query = useDeferredValue(filters);
  const ledger = useLedger(query);
  const notices = useNotices();
  const [exporting, setExporting] = useState(false);
  const [reverting, setReverting] = useState<LedgerEntry | null>(null);
  const entries = useMemo(() => ledger.data ?? [], [ledger.data]);

  async function exportCSV() {
    setExporting(true);
    try {
      const csv = await api.pushes.ledgerCSV(filters);
      const name = ledgerFileName(new Date());
      downloadText(csv, name);
      notices.success(`Exported the activity log as ${name}.`);
    } catch (err) {
      notices.error('Could not export the activity log', err);
    } finally {
      setExporting(false);
    }
  }

  return (
    <>
      <PageHeader
        title="Activity Log"
        description="Every decision and every push to the PSA: who, what, before and after, and what the PSA answered."
        actions={
          <>
            <Button
              variant="ghost"
              icon={<RefreshCw size={16} aria-hidden="true" className={ledger.isFetching ? 'spin' : undefined} />}
              onClick={() => void ledger.refetch()}
              aria-label="Refresh the activity log"
              title="Refresh the activity log"
            />
            <Button icon={<Download size={16} aria-hidden="true" />} onClick={() => void exportCSV()} loading={exporting}>
              Export CSV
            </Button>
          </>
        }
      />
      <PendingPushes />
      <LedgerFilters value={filters} onChange={setFilters} today={day} />

      {ledger.isPending && (
        <div className="loading">
          <Spinner size={18} /> Loading the activity log…
        </div>
      )}
      {ledger.isError && <InlineAlert>Could not load the activity log: {errorMessage(ledger.error)}</InlineAlert>}
      {ledger.data && (
        <section className="section" aria-labelledby="ledger-title">
          <div className="section__header">
            <h2 className="section__title" id="ledger-title">
              Decisions and pushes
            </h2>
            <span className="section__meta num" data-testid="ledger-count">
              {pluralize(entries.length, 'entry', 'entries')}
              {isFiltered(query) && ' matching the filters'}
            </span>
          </div>
          {entries.length === 0 ? (
            <EmptyState icon={<History size={22} />} title={isFiltered(query) ? 'No matching entries' : 'Nothing recorded yet'}>
              {isFiltered(query)
                ? 'Try another filter, or clear them.'
                : 'Approvals, dismissals and pushes show up here as you reconcile.'}
            </EmptyState>
          ) : (
            <LedgerTable entries={entries} onRevert={setReverting} caption="Decisions and pushes, newest first" />
          )}
        </section>
      )}
      {reverting && <RevertDialog entry={reverting} onClose={() => setReverting(null)} />}
    </>
  );
}
