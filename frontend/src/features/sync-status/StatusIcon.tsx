import { Ban, CircleCheck, CircleDashed, CircleX, Hourglass, LoaderCircle, TriangleAlert } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import { Tooltip } from '@/components/ui';
import { statusLabel } from '@/lib/sync';
import './sync-status.css';

interface IconSpec {
  icon: LucideIcon;
  name: string;
  tone: string;
  spin?: boolean;
}

const SPECS: Record<string, IconSpec> = {
  queued: { icon: Hourglass, name: 'Hourglass', tone: 'muted' },
  running: { icon: LoaderCircle, name: 'LoaderCircle', tone: 'accent', spin: true },
  succeeded: { icon: CircleCheck, name: 'CircleCheck', tone: 'success' },
  partial: { icon: TriangleAlert, name: 'TriangleAlert', tone: 'warning' },
  failed: { icon: CircleX, name: 'CircleX', tone: 'danger' },
  cancelled: { icon: Ban, name: 'Ban', tone: 'muted' },
};
const UNKNOWN: IconSpec = { icon: CircleDashed, name: 'CircleDashed', tone: 'muted' };

const DESCRIPTIONS: Record<string, string> = {
  queued: 'Requested, not started yet',
  running: 'Running',
  succeeded: 'Succeeded',
  partial: 'Finished, but some sections failed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/**
 * The status of one run as an icon. With onOpenLog it is a button that opens the run's log;
 * data-status carries the run status for tests and styling.
 */
export function StatusIcon({
  status,
  size = 20,
  onOpenLog,
}: {
  status: string;
  size?: number;
  onOpenLog?: () => void;
}) {
  const spec = SPECS[status] ?? UNKNOWN;
  const Icon = spec.icon;
  const description = DESCRIPTIONS[status] ?? statusLabel(status);
  const glyph = (
    <Icon
      size={size}
      aria-hidden="true"
      className={spec.spin ? 'spin' : undefined}
      data-icon={spec.name}
    />
  );
  const common = {
    'data-testid': 'status-icon',
    'data-status': status,
    className: `status-icon status-icon--${spec.tone}`,
  };
  if (onOpenLog) {
    return (
      <Tooltip content={`${description}. Click to open the sync log.`}>
        <button
          type="button"
          {...common}
          className={`${common.className} status-icon--button`}
          aria-label={`${statusLabel(status)}: open the sync log`}
          onClick={onOpenLog}
        >
          {glyph}
        </button>
      </Tooltip>
    );
  }
  return (
    <Tooltip content={description}>
      <span {...common} role="img" aria-label={statusLabel(status)}>
        {glyph}
      </span>
    </Tooltip>
  );
}
