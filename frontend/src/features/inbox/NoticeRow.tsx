import { Bell, CheckCheck } from 'lucide-react';
import type { Notice } from '@/api/inboxTypes';
import { Button, RelativeTime } from '@/components/ui';
import { noticeTarget } from './noticeTarget';

const KIND_LABEL: Record<string, string> = {
  sync_changed: 'Sync',
  sync_partial: 'Sync',
  sync_failed: 'Sync',
  sync_stuck: 'Stuck',
  auto_trueup: 'Automatic true-up',
  weekly: 'Weekly summary',
};

/** One notice: unread ones stand out; opening one marks it read and shows its target. */
export function NoticeRow({
  notice,
  onOpen,
  onMarkRead,
}: {
  notice: Notice;
  onOpen: (n: Notice) => void;
  onMarkRead: (n: Notice) => void;
}) {
  const target = noticeTarget(notice);
  const tone = notice.kind === 'sync_failed' || notice.kind === 'sync_stuck' ? 'bad' : notice.kind === 'sync_partial' ? 'warn' : '';
  return (
    <li
      className={`notice-row ${notice.read ? '' : 'notice-row--unread'} ${tone ? `notice-row--${tone}` : ''}`}
      data-testid="notice-row"
      data-read={notice.read ? 'true' : 'false'}
    >
      <span className="notice-row__dot" aria-hidden="true">
        <Bell size={16} />
      </span>
      <div className="notice-row__main">
        <div className="notice-row__head">
          <span className="notice-row__kind">{KIND_LABEL[notice.kind] ?? 'Notice'}</span>
          <RelativeTime value={notice.created_at} />
          {!notice.read && <span className="visually-hidden">unread</span>}
        </div>
        <h2 className="notice-row__title">{notice.title}</h2>
        {notice.body && <p className="notice-row__body">{notice.body}</p>}
      </div>
      <div className="notice-row__actions">
        {target && (
          <Button size="sm" variant={notice.read ? 'secondary' : 'primary'} onClick={() => onOpen(notice)}>
            {target.label}
          </Button>
        )}
        {!notice.read && (
          <Button size="sm" variant="ghost" icon={<CheckCheck size={15} aria-hidden="true" />} onClick={() => onMarkRead(notice)}>
            Mark read
          </Button>
        )}
      </div>
    </li>
  );
}
