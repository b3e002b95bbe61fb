import { Spinner } from '@/components/ui';
import { Badge } from '@/components/ui';
import { stateHint, stateLabel, stateTone } from './ledgerLabels';

/** The state of a decision or a push (queued, sending, pushed, failed, conflict, …). */
export function StateBadge({ state }: { state: string }) {
  return (
    <span data-testid="state-badge" data-state={state}>
      <Badge tone={stateTone(state)} title={stateHint(state)} icon={state === 'sending' ? <Spinner size={11} /> : undefined}>
        {stateLabel(state)}
      </Badge>
    </span>
  );
}
