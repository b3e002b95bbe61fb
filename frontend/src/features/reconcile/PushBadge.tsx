import { CircleAlert, CircleCheck, CircleX, Hourglass, LoaderCircle, Undo2 } from 'lucide-react';
import { Badge } from '@/components/ui';
import { psaName } from './cardModel';

/** A card's push, live from "push:changed": queued, sending, pushed, failed, conflict, reverted. */
export function PushBadge({ state, lastError, integration }: { state: string; lastError: string; integration: string }) {
  const psa = psaName(integration);
  const err = lastError ? `: ${lastError}` : '';
  switch (state) {
    case 'queued':
      return (
        <Badge tone="warning" icon={<Hourglass size={12} aria-hidden="true" />} title={`Queued, will be sent when ${psa} answers${err}`} className="push-badge">
          Queued
        </Badge>
      );
    case 'sending':
      return (
        <Badge tone="info" icon={<LoaderCircle size={12} aria-hidden="true" className="spin" />} title={`Sending to ${psa}`} className="push-badge">
          Sending
        </Badge>
      );
    case 'pushed':
      return (
        <Badge tone="success" icon={<CircleCheck size={12} aria-hidden="true" />} title={`${psa} holds the new value`} className="push-badge">
          Pushed
        </Badge>
      );
    case 'failed':
      return (
        <Badge tone="danger" icon={<CircleX size={12} aria-hidden="true" />} title={`The push failed${err}`} className="push-badge">
          Failed
        </Badge>
      );
    case 'conflict':
      return (
        <Badge tone="danger" icon={<CircleAlert size={12} aria-hidden="true" />} title={`Conflict${err || `: ${psa} holds another value now, sync and review again`}`} className="push-badge">
          Conflict
        </Badge>
      );
    case 'reverted':
      return (
        <Badge tone="neutral" icon={<Undo2 size={12} aria-hidden="true" />} title="Reverted from the Activity Log" className="push-badge">
          Reverted
        </Badge>
      );
    default:
      return null;
  }
}
