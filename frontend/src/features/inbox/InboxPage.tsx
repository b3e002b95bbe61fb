import { Inbox } from 'lucide-react';
import { useState } from 'react';
import { useNavigation } from '@/app/navigation';
import type { Notice } from '@/api/inboxTypes';
import { Button, Checkbox, EmptyState, InlineAlert, PageHeader, Spinner } from '@/components/ui';
import { DesktopToggle } from './DesktopToggle';
import { NoticeRow } from './NoticeRow';
import { noticeTarget } from './noticeTarget';
import { INBOX_MAX, INBOX_PAGE, useInbox, useMarkAllRead, useMarkRead } from './queries';
import './inbox.css';

/** The inbox: notices about scheduled syncs, automatic pushes, stuck syncs and the weekly
 * summary, unread first. Opening one marks it read and shows what it is about. */
export function InboxPage() {
  const { navigate } = useNavigation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [limit, setLimit] = useState(INBOX_PAGE);
  const inbox = useInbox(unreadOnly, limit);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const page = inbox.data;

  const open = (n: Notice) => {
    const target = noticeTarget(n);
    if (!n.read) markRead.mutate(n.id);
    if (target) navigate(target.page, target.opts);
  };

  return (
    <>
      <PageHeader
        title="Inbox"
        description="Scheduled syncs that changed something, failed or ended partial, automatic pushes, stuck syncs and the weekly summary."
        actions={
          <Button onClick={() => markAll.mutate()} disabled={!page || page.unread === 0} loading={markAll.isPending}>
            Mark all read
          </Button>
        }
      />
      <div className="inbox__bar">
        <label className="inbox__filter">
          <Checkbox checked={unreadOnly} label="Unread only" onChange={setUnreadOnly} />
          <span>Unread only</span>
        </label>
        {page && (
          <span className="muted num" data-testid="inbox-counts">
            {page.unread} unread of {page.total}
          </span>
        )}
        <DesktopToggle />
      </div>
      {inbox.isError && <InlineAlert tone="danger">{inbox.error.message}</InlineAlert>}
      {markRead.isError && <InlineAlert tone="danger">{markRead.error.message}</InlineAlert>}
      {inbox.isLoading && (
        <div className="loading">
          <Spinner size={18} /> Loading…
        </div>
      )}
      {page && page.notices.length === 0 && (
        <EmptyState icon={<Inbox size={28} />} title={unreadOnly ? 'No unread notices' : 'The inbox is empty'}>
          Scheduled syncs, automatic pushes, stuck syncs and the weekly summary post here.
        </EmptyState>
      )}
      {page && page.notices.length > 0 && (
        <ul className="inbox__list" aria-label="Notices">
          {page.notices.map((n) => (
            <NoticeRow key={n.id} notice={n} onOpen={open} onMarkRead={(x) => markRead.mutate(x.id)} />
          ))}
        </ul>
      )}
      {page && limit < INBOX_MAX && (unreadOnly ? page.unread : page.total) > limit && (
        <Button className="inbox__more" onClick={() => setLimit((l) => Math.min(l + INBOX_PAGE, INBOX_MAX))}>
          Show more
        </Button>
      )}
    </>
  );
}
