import { CalendarCheck, CalendarX } from 'lucide-react';
import { errorMessage } from '@/api';
import type { OSTaskInfo, OSTaskState } from '@/api/scheduleTypes';
import { Badge, Button, InlineAlert, Spinner, useNotices, type BadgeTone } from '@/components/ui';
import { useOSTask, useOSTaskAction } from './queries';

const STATES: Record<OSTaskState, { label: string; tone: BadgeTone }> = {
  registered: { label: 'Registered', tone: 'success' },
  not_registered: { label: 'Not registered', tone: 'neutral' },
  stale: { label: 'Out of date', tone: 'warning' },
  unavailable: { label: 'Unavailable', tone: 'neutral' },
};

/** The OS task that runs the schedules while the window is closed: its state, Register, Remove. */
export function OSTaskPanel() {
  const task = useOSTask();
  const action = useOSTaskAction();
  const notices = useNotices();
  const info: OSTaskInfo | undefined = task.data;
  const state = STATES[(info?.state ?? 'unavailable') as OSTaskState] ?? STATES.unavailable;
  const available = !!info && info.state !== 'unavailable';
  const registered = info?.state === 'registered' || info?.state === 'stale';

  return (
    <div className="os-task" aria-labelledby="os-task-title" role="group" data-testid="os-task" data-state={info?.state}>
      <div className="os-task__header">
        <h3 className="os-task__title" id="os-task-title">
          Sync while TrueUp is closed
        </h3>
        {info && <Badge tone={state.tone}>{state.label}</Badge>}
      </div>
      <p className="os-task__about">
        Without it, scheduled syncs run while TrueUp is open, and a missed one runs once at the next launch. The OS task
        ({info?.platform || 'your system’s scheduler'}) starts <code>{info?.command || 'trueup sync --scheduled'}</code> at
        the schedules’ times even when the window is closed.
      </p>
      {task.isPending && (
        <div className="loading">
          <Spinner size={18} /> Looking for the OS task…
        </div>
      )}
      {task.isError && <InlineAlert>Could not look up the OS task: {errorMessage(task.error)}</InlineAlert>}
      {info?.detail && <p className="os-task__detail">{info.detail}</p>}
      {info?.location && registered && (
        <p className="os-task__location">
          <code>{info.location}</code>
        </p>
      )}
      {available && (
        <div className="os-task__actions">
          <Button
            variant="primary"
            icon={<CalendarCheck size={16} aria-hidden="true" />}
            onClick={() =>
              action.mutate('register', { onSuccess: () => notices.success('The OS task is registered.') })
            }
            loading={action.isPending && action.variables === 'register'}
            disabled={action.isPending || info.schedules === 0}
            title={info.schedules === 0 ? 'Every schedule is off: set one first' : undefined}
          >
            {registered ? 'Register again' : 'Register'}
          </Button>
          <Button
            variant="secondary"
            icon={<CalendarX size={16} aria-hidden="true" />}
            onClick={() => action.mutate('remove', { onSuccess: () => notices.success('The OS task is removed.') })}
            loading={action.isPending && action.variables === 'remove'}
            disabled={action.isPending || !registered}
          >
            Remove
          </Button>
        </div>
      )}
      {action.isError && <InlineAlert>{errorMessage(action.error)}</InlineAlert>}
    </div>
  );
}
