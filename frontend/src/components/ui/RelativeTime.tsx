import { formatDateTime, formatRelative, parseTime } from '@/lib/time';
import { useNow } from './useNow';

/** "5 minutes ago" with the absolute local time as tooltip; fallback when unset. */
export function RelativeTime({
  value,
  fallback = '',
  prefix,
}: {
  value: string | null | undefined;
  fallback?: string;
  prefix?: string;
}) {
  const now = useNow();
  const d = parseTime(value);
  if (!d) return <span className="muted">{fallback}</span>;
  const absolute = formatDateTime(d);
  return (
    <time dateTime={d.toISOString()} title={absolute} className="reltime">
      {prefix}
      {formatRelative(d, now)}
    </time>
  );
}
