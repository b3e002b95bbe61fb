// Pure helpers that turn run DTOs into words. No decisions the backend owns are made here:
// stuck, busy, nothing_new and waiting all come from the backend.
import type { CacheCounts, Role, Run } from '@/api/types';
import { formatCount, oneLine, pluralize } from './format';
import { formatDay } from './time';

const STATUS_LABELS: Record<string, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  partial: 'Partly succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The one wording for a successful run that brought no changes. */
export const NOTHING_NEW = 'Nothing new since the last sync';

/** Runs that ended without all their data: Retry runs them again with the same mode. */
export const RETRYABLE: ReadonlySet<string> = new Set(['failed', 'partial', 'cancelled']);

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? (status ? status[0]!.toUpperCase() + status.slice(1) : 'Unknown');
}

/** "QuickSync", "Full Sync", "From Mar 4, 2026". */
export function modeLabel(mode: string, since = '', locale?: string): string {
  switch (mode) {
    case 'quick':
      return 'QuickSync';
    case 'full':
      return 'Full Sync';
    case 'since':
      return since ? `From ${formatDay(since, locale)}` : 'From date';
    default:
      return mode;
  }
}

/** "additions" → "Additions": connectors name sections in lower case. */
export function sentenceCase(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

export function roleLabel(role: string): string {
  return role === 'psa' ? 'PSA' : role === 'vendor' ? 'Vendor' : role;
}

/** "3 added · 1 updated · 0 removed". */
export function countsSummary(run: Pick<Run, 'added' | 'updated' | 'removed'>): string {
  return `${formatCount(run.added)} added · ${formatCount(run.updated)} updated · ${formatCount(run.removed)} removed`;
}

export function failedSections(run: Pick<Run, 'sections'>): number {
  return (run.sections ?? []).filter((s) => s.status === 'failed').length;
}

/**
 * How far the whole run is, 0..100, as the backend estimates it (sections weighted, never
 * backwards); null when it cannot tell (indeterminate bar).
 */
export function progressPercent(run: Pick<Run, 'percent'>): number | null {
  if (typeof run.percent !== 'number' || run.percent < 0) return null;
  return Math.min(100, Math.max(0, Math.round(run.percent)));
}

/** "Reading additions 120/300" (or the section alone while the total is unknown). */
export function progressText(run: Pick<Run, 'section' | 'progress_done' | 'progress_total'>): string {
  const section = sentenceCase(run.section) || 'Working';
  if (run.progress_total > 0) {
    return `${section} ${formatCount(run.progress_done)}/${formatCount(run.progress_total)}`;
  }
  return run.progress_done > 0 ? `${section} ${formatCount(run.progress_done)}` : section;
}

/** The one-line result of a run for the activities list. */
export function runSummary(run: Run): string {
  switch (run.status) {
    case 'queued':
      return sentenceCase(run.waiting) || 'Waiting to start';
    case 'running':
      return progressText(run);
    case 'failed':
      return sentenceCase(oneLine(run.error)) || 'Failed';
    case 'cancelled':
      return 'Cancelled';
    case 'partial': {
      const n = failedSections(run);
      const tail = n > 0 ? ` · ${pluralize(n, 'section')} failed` : '';
      return `${countsSummary(run)}${tail}`;
    }
    default:
      return run.nothing_new ? NOTHING_NEW : countsSummary(run);
  }
}

/** "12 accounts · 30 agreements · 85 service lines" (PSA) or "... subscriptions" (vendor). */
export function cacheSummary(counts: CacheCounts | undefined, role: Role | string): string {
  if (!counts) return '';
  const parts = [pluralize(counts.accounts, 'account')];
  if (role === 'psa') {
    parts.push(pluralize(counts.agreements, 'agreement'));
    parts.push(pluralize(counts.service_lines, 'service line'));
  } else {
    parts.push(pluralize(counts.subscriptions, 'subscription'));
  }
  return parts.join(' · ');
}
