import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api, emitInboxChanged, inboxSubscriberCount } from '@/test/fakeApi';
import { renderWithProviders } from '@/test/render';
import { UnreadBadge } from './UnreadBadge';
import { useInboxEvents } from './useInboxEvents';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

function Badge() {
  useInboxEvents();
  return <UnreadBadge />;
}

describe('UnreadBadge', () => {
  it('shows nothing when everything is read', async () => {
    renderWithProviders(<Badge />);
    await waitFor(() => expect(api.inbox.unreadCount).toHaveBeenCalled());
    expect(screen.queryByTestId('inbox-badge')).not.toBeInTheDocument();
  });

  it('shows the unread count and follows inbox events live', async () => {
    vi.mocked(api.inbox.unreadCount).mockResolvedValue(3);
    const { unmount } = renderWithProviders(<Badge />);
    expect(await screen.findByTestId('inbox-badge')).toHaveTextContent('3');
    expect(screen.getByLabelText('3 unread')).toBeInTheDocument();
    emitInboxChanged({ seq: 1, unread: 4 });
    expect(await screen.findByLabelText('4 unread')).toBeInTheDocument();
    emitInboxChanged({ seq: 2, unread: 0 });
    await waitFor(() => expect(screen.queryByTestId('inbox-badge')).not.toBeInTheDocument());
    unmount();
    expect(inboxSubscriberCount()).toBe(0);
  });

  it("re-reads the automatic true-up panel when the true-up ran on its own", async () => {
    const { client } = renderWithProviders(<Badge />);
    await waitFor(() => expect(inboxSubscriberCount()).toBe(1));
    client.setQueryData(['auto-trueup'], []);
    const notice = {
      id: 9, created_at: '2026-12-02T07:00:21Z', kind: 'auto_trueup', title: 'Automatic true-up of Microsoft: 2 changes waiting',
      body: 'dry run', target: 'cards', read: false, read_at: '',
    };
    emitInboxChanged({ seq: 1, unread: 1, notice: { ...notice, kind: 'sync_failed' } });
    expect(client.getQueryState(['auto-trueup'])?.isInvalidated).toBe(false);
    emitInboxChanged({ seq: 2, unread: 2, notice });
    await waitFor(() => expect(client.getQueryState(['auto-trueup'])?.isInvalidated).toBe(true));
  });
});
