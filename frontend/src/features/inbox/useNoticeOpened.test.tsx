import { describe, expect, it, vi } from 'vitest';
import { useNavigation } from '@/app/navigation';
import type { Notice } from '@/api/inboxTypes';
import { emitNoticeOpened, noticeOpenedSubscriberCount } from '@/test/fakeApi';
import { renderWithProviders } from '@/test/render';
import { useNoticeOpened } from './useNoticeOpened';

vi.mock('@/api/client', () => import('@/test/fakeApi'));

function notice(n: Partial<Notice>): Notice {
  return {
    id: 1,
    created_at: '2026-12-01T07:05:00Z',
    kind: 'sync_failed',
    title: 'Pax8 sync failed',
    body: '',
    target: '',
    read: true,
    read_at: '2026-12-01T07:06:00Z',
    ...n,
  };
}

/** Where the app is: the hook's caller shows the page and run it navigated to. */
function Where() {
  useNoticeOpened();
  const nav = useNavigation();
  return (
    <p data-testid="where">
      {nav.page} {nav.runId ?? ''} {nav.cardState ?? ''}
    </p>
  );
}

describe('useNoticeOpened', () => {
  it.each([
    [notice({ target: 'run', run_id: 42 }), 'sync-status 42'],
    [notice({ target: 'cards', card_state: 'new_revenue' }), 'reconcile  new_revenue'],
    [notice({ target: 'settings', integration: 'Pax8' }), 'settings'],
    [notice({ target: 'ledger' }), 'activity-log'],
    [notice({ target: '' }), 'inbox'],
    [notice({ target: 'run' }), 'inbox'], // a run notice without its run
  ])('opens what a clicked notification is about (%#)', (n, where) => {
    const { getByTestId } = renderWithProviders(<Where />);
    emitNoticeOpened(n);
    expect(getByTestId('where').textContent?.trim().replace(/\s+$/, '')).toBe(where);
  });

  it('keeps one subscription across navigation', () => {
    const { getByTestId, unmount } = renderWithProviders(<Where />);
    expect(noticeOpenedSubscriberCount()).toBe(1);
    emitNoticeOpened(notice({ target: 'mapping' }));
    emitNoticeOpened(notice({ target: 'sync' }));
    expect(getByTestId('where').textContent?.trim()).toBe('sync-status');
    expect(noticeOpenedSubscriberCount()).toBe(1);
    unmount();
    expect(noticeOpenedSubscriberCount()).toBe(0);
  });
});
