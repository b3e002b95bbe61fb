import { formatCount } from '@/lib/format';
import { useUnreadCount } from './queries';

/** The sidebar's unread count next to Inbox (nothing when all is read). */
export function UnreadBadge() {
  const unread = useUnreadCount();
  const n = unread.data ?? 0;
  if (n === 0) return null;
  return (
    <span className="nav-badge num" data-testid="inbox-badge" aria-label={`${formatCount(n)} unread`}>
      {formatCount(n)}
    </span>
  );
}
