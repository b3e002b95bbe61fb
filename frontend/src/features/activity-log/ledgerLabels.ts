// Words for the ledger's states and actions. The states themselves come from the backend
// (internal/workspace/trueup_dto.go); nothing here decides one.
import type { BadgeTone } from '@/components/ui';
import { dateTimeFormat } from '@/lib/intl';

const STATE_LABELS: Record<string, string> = {
  queued: 'Queued',
  sending: 'Sending',
  pushed: 'Pushed',
  failed: 'Failed',
  conflict: 'Conflict',
  reverted: 'Reverted',
  recorded: 'Recorded',
};

const STATE_TONES: Record<string, BadgeTone> = {
  queued: 'info',
  sending: 'accent',
  pushed: 'success',
  failed: 'danger',
  conflict: 'warning',
  reverted: 'neutral',
  recorded: 'neutral',
};

const STATE_HINTS: Record<string, string> = {
  queued: 'Waiting to be sent to the PSA; it goes out on its own when the PSA answers.',
  sending: 'Being sent to the PSA now.',
  pushed: 'The PSA holds the new value (read back after the write).',
  failed: 'The PSA refused it or could not be reached; it is retried with backoff, or use Send now.',
  conflict: 'The PSA changed since the card was built: sync and review the card again.',
  reverted: 'A later revert wrote the value back.',
  recorded: 'A decision without a write to the PSA.',
};

const ACTION_LABELS: Record<string, string> = {
  approve: 'Approved',
  dismiss: 'Dismissed',
  acknowledge: 'Acknowledged',
  push: 'Push',
  revert: 'Revert',
  cost: 'Cost push',
};

function capitalise(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : '';
}

export function stateLabel(state: string): string {
  return STATE_LABELS[state] ?? (capitalise(state) || 'Unknown');
}

export function stateTone(state: string): BadgeTone {
  return STATE_TONES[state] ?? 'neutral';
}

export function stateHint(state: string): string {
  return STATE_HINTS[state] ?? '';
}

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? capitalise(action);
}

/**
 * "March 2026" for a YYYY-MM cycle (no time-zone shift), anything else as it is. The month
 * is named in English whatever the desktop's locale, as the sentences it stands in are
 * ("March 2026 true-up", "Before you close March 2026: ..."); Go names it the same way when
 * it fills in the build's first screen (internal/startupview, monthOf).
 */
export function cycleLabel(cycle: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(cycle);
  if (!m) return cycle;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return dateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** The cycle of today and the count-1 before it, newest first, as YYYY-MM. */
export function recentCycles(today: Date, count = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(today.getFullYear(), today.getMonth() - i, 1);
    out.push(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}
