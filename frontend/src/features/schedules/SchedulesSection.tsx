import { CalendarClock } from 'lucide-react';
import { errorMessage } from '@/api';
import { EmptyState, InlineAlert, Spinner } from '@/components/ui';
import { OSTaskPanel } from './OSTaskPanel';
import { useSchedules } from './queries';
import { ScheduleEditor } from './ScheduleEditor';
import { unsetStream } from './scheduleForm';
import './schedules.css';

/** Settings > Schedules: when each stream and integration syncs on its own, and the OS task. */
export function SchedulesSection() {
  const schedules = useSchedules();
  const rows = schedules.data?.rows ?? [];
  // Both streams are offered; one never set has no row from the backend yet.
  const vendorAdvice = rows.find((r) => r.stream === 'vendors' && r.recommendation)?.recommendation ?? '';
  const streams = (['psa', 'vendors'] as const).map(
    (s) => rows.find((r) => !r.integration_id && r.stream === s) ?? unsetStream(s, s === 'vendors' ? vendorAdvice : ''),
  );
  const integrations = rows.filter((r) => r.integration_id);
  return (
    <section className="section schedules" aria-labelledby="schedules-title">
      <div className="section__header">
        <h2 className="section__title" id="schedules-title">
          Schedules
        </h2>
      </div>
      <p className="schedules__about">
        Syncs run on their own at 07:00 UTC, shown in your time ({schedules.data?.time_zone || 'local time'}). An
        integration’s own schedule overrides its stream’s; a day a month lacks (the 31st) runs on that month’s last day.
      </p>
      {schedules.isPending && (
        <div className="loading">
          <Spinner size={18} /> Reading the schedules…
        </div>
      )}
      {schedules.isError && <InlineAlert>Could not read the schedules: {errorMessage(schedules.error)}</InlineAlert>}
      {schedules.data && (
        <>
          <div className="schedules__group" role="group" aria-label="Streams">
            {streams.map((r) => (
              <ScheduleEditor key={`s${r.stream}`} row={r} />
            ))}
          </div>
          {integrations.length === 0 ? (
            <EmptyState icon={<CalendarClock size={22} />} title="No integrations yet">
              Add an integration: it syncs weekly on the weekday it was added until you choose otherwise.
            </EmptyState>
          ) : (
            <div className="schedules__group" role="group" aria-label="Integrations">
              {integrations.map((r) => (
                <ScheduleEditor key={`i${r.integration_id}`} row={r} />
              ))}
            </div>
          )}
        </>
      )}
      <OSTaskPanel />
    </section>
  );
}
