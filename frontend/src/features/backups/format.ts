import type { BackupInfo } from '@/api/backupTypes';
import { formatDateTime } from '@/lib/time';

const KIND_LABELS: Record<string, string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  'pre-migration': 'Before an update',
  manual: 'Manual',
  'before-restore': 'Before a restore',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

/** Bytes as file managers show them: "2.3 MB", "180 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

export function backupDate(b: Pick<BackupInfo, 'at'>, locale?: string): string {
  return formatDateTime(b.at, locale);
}
