import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Notice } from '@/api/inboxTypes';
import { useNavigation } from '@/app/navigation';
import { api, emitInboxChanged } from '@/test/fakeApi';
import { renderWithProviders } from '@/test/render';
import { InboxPage } from './InboxPage';
import { noticeTarget } from './noticeTarget';
import { useInboxEvents } from './useInboxEvents';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

function makeNotice(over: Partial<Notice> = {}): Notice {
  return {
    id: 1,
    created_at: '2026-12-01T07:05:00Z',
    kind: 'sync_failed',
    title: 'Pax8 sync failed',
    body: 'Scheduled sync failed. Pax8 refused the credentials.',
    target: 'run',
    run_id: 42,
    read: false,
    read_at: '',
    ...over,
  };
}

const failed = makeNotice();
const weekly = makeNotice({
  id: 2,
  kind: 'weekly',
  title: 'Weekly summary, week of 30 Nov 2026',
  body: 'Every vendor account and product is mapped.\nNew Revenue found: 2 cards worth $20.00 a month.',
  target: 'cards',
  run_id: undefined,
  card_state: 'new_revenue',
  read: true,
  read_at: '2026-12-01T09:00:00Z',
});

/** Shows where navigation went, beside the page under test. */
function Where() {
  const nav = useNavigation();
  return (
    <output data-testid="where">
      {nav.page} run={String(nav.runId)} state={String(nav.cardState)}
    </output>
  );
}

function Page() {
  useInboxEvents();
  return (
    <>
      <InboxPage />
      <Where />
    </>
  );
}

describe('Inbox', () => {
  it('lists the notices, the unread ones marked, with their text', async () => {
    vi.mocked(api.inbox.list).mockResolvedValue({ notices: [failed, weekly], total: 2, unread: 1 });
    renderWithProviders(<Page />, { page: 'inbox' });
    const [first, second] = await screen.findAllByTestId('notice-row');
    if (!first || !second) throw new Error('two rows expected');
    expect(first).toHaveAttribute('data-read', 'false');
    expect(first).toHaveClass('notice-row--unread');
    expect(within(first).getByText('unread')).toBeInTheDocument();
    expect(within(first).getByRole('heading', { name: 'Pax8 sync failed' })).toBeInTheDocument();
    expect(second).toHaveAttribute('data-read', 'true');
    expect(second).not.toHaveClass('notice-row--unread');
    expect(within(second).getByText(/New Revenue found: 2 cards/)).toBeInTheDocument();
    expect(within(second).queryByRole('button', { name: 'Mark read' })).not.toBeInTheDocument();
    expect(screen.getByTestId('inbox-counts')).toHaveTextContent('1 unread of 2');
  });

  it('opening a run notice marks it read and opens its log on Sync Status', async () => {
    vi.mocked(api.inbox.list).mockResolvedValue({ notices: [failed], total: 1, unread: 1 });
    const { user } = renderWithProviders(<Page />, { page: 'inbox' });
    await user.click(await screen.findByRole('button', { name: 'Open the run log' }));
    expect(api.inbox.markRead).toHaveBeenCalledWith(1);
    expect(screen.getByTestId('where')).toHaveTextContent('sync-status run=42 state=null');
  });

  it('opening a read cards notice goes to Reconcile filtered, without marking it again', async () => {
    vi.mocked(api.inbox.list).mockResolvedValue({ notices: [weekly], total: 1, unread: 0 });
    const { user } = renderWithProviders(<Page />, { page: 'inbox' });
    await user.click(await screen.findByRole('button', { name: 'Open the cards' }));
    expect(api.inbox.markRead).not.toHaveBeenCalled();
    expect(screen.getByTestId('where')).toHaveTextContent('reconcile run=null state=new_revenue');
  });

  it('marks one or every notice read and re-reads the list', async () => {
    vi.mocked(api.inbox.list).mockResolvedValue({ notices: [failed], total: 1, unread: 1 });
    const { user } = renderWithProviders(<Page />, { page: 'inbox' });
    await user.click(await screen.findByRole('button', { name: 'Mark read' }));
    expect(api.inbox.markRead).toHaveBeenCalledWith(1);
    await waitFor(() => expect(api.inbox.list).toHaveBeenCalledTimes(2));
    await user.click(screen.getByRole('button', { name: 'Mark all read' }));
    expect(api.inbox.markAllRead).toHaveBeenCalled();
  });

  it('filters to the unread ones and turns desktop notifications off', async () => {
    const { user } = renderWithProviders(<Page />, { page: 'inbox' });
    expect(await screen.findByText('The inbox is empty')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Unread only' }));
    await waitFor(() => expect(api.inbox.list).toHaveBeenLastCalledWith(true, 0, 50));
    expect(await screen.findByText('No unread notices')).toBeInTheDocument();
    const desktop = screen.getByRole('checkbox', { name: 'Show desktop notifications' });
    await waitFor(() => expect(desktop).toBeEnabled());
    expect(desktop).toBeChecked();
    await user.click(desktop);
    expect(api.inbox.setDesktopEnabled).toHaveBeenCalledWith(false);
  });

  it('shows a new notice when it arrives', async () => {
    renderWithProviders(<Page />, { page: 'inbox' });
    expect(await screen.findByText('The inbox is empty')).toBeInTheDocument();
    vi.mocked(api.inbox.list).mockResolvedValue({ notices: [failed], total: 1, unread: 1 });
    emitInboxChanged({ seq: 1, unread: 1, notice: failed });
    expect(await screen.findByRole('heading', { name: 'Pax8 sync failed' })).toBeInTheDocument();
  });
});

describe('noticeTarget', () => {
  it.each([
    [makeNotice(), { page: 'sync-status', opts: { runId: 42 } }],
    [makeNotice({ target: 'cards', run_id: undefined, card_state: 'new_revenue' }), { page: 'reconcile', opts: { cardState: 'new_revenue' } }],
    [makeNotice({ target: 'cards', run_id: undefined }), { page: 'reconcile' }],
    [makeNotice({ target: 'ledger', run_id: undefined }), { page: 'activity-log' }],
    [makeNotice({ target: 'mapping', run_id: undefined }), { page: 'mapping' }],
    [makeNotice({ target: 'sync', run_id: undefined }), { page: 'sync-status' }],
  ])('%#: goes where the notice points', (n, want) => {
    const got = noticeTarget(n);
    expect(got && { page: got.page, ...(got.opts ? { opts: got.opts } : {}) }).toEqual(want);
  });

  it('points nowhere without a target, or a run notice without its run', () => {
    expect(noticeTarget(makeNotice({ target: '' }))).toBeNull();
    expect(noticeTarget(makeNotice({ run_id: undefined }))).toBeNull();
  });
});
