import { History } from 'lucide-react';
import type { Run } from '@/api';
import { EmptyState } from '@/components/ui';
import { ActivityRow } from './ActivityRow';

export const MAX_ACTIVITIES = 10;

/** "Sync Activities": the 10 most recent runs, newest first (as the backend sends them). */
export function ActivitiesTable({ runs, onOpenLog }: { runs: Run[]; onOpenLog: (runId: number) => void }) {
  const shown = runs.slice(0, MAX_ACTIVITIES);
  if (shown.length === 0) {
    return (
      <EmptyState icon={<History size={22} />} title="No syncs yet">
        Runs appear here as soon as you start a sync.
      </EmptyState>
    );
  }
  return (
    <div className="card table-wrap">
      <table className="table table--fixed activities-table">
        <colgroup>
          <col className="col-icon" />
          <col className="activities-col-name" />
          <col className="activities-col-mode" />
          <col className="activities-col-started" />
          <col className="activities-col-duration" />
          <col />
          <col className="activities-col-requests" />
        </colgroup>
        <thead>
          <tr>
            <th className="col-icon">
              <span className="visually-hidden">Status</span>
            </th>
            <th>Integration</th>
            <th>Mode</th>
            <th>Started</th>
            <th>Duration</th>
            <th>Result</th>
            <th className="right">Requests</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((run) => (
            <ActivityRow key={run.id} run={run} onOpenLog={onOpenLog} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
