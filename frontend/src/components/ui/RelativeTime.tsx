import { formatDateTime, formatRelative, parseTime } from '@/lib/time';
import { Tooltip } from './Tooltip';
import { useNow } from './useNow';

/** "5 minutes ago" with the absolute local time in a tooltip; fallback when unset. */
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
    <Tooltip content={absolute}>
      <time dateTime={d.toISOString()} className="reltime" aria-label={`${prefix ?? ''}${formatRelative(d, now)} (${absolute})`}>
        {prefix}
        {formatRelative(d, now)}
      </time>
    </Tooltip>
  );
}
