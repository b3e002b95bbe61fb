import { toDateInput } from '@/lib/time';

/** "trueup-activity-log-2026-03-04.csv": dated by the local day of the export. */
export function ledgerFileName(now: Date): string {
  return `trueup-activity-log-${toDateInput(now)}.csv`;
}

/**
 * Saves text as a file through a Blob URL and a download link (no server round trip: the
 * CSV is already here). The URL is revoked after the click has been handled.
 */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
