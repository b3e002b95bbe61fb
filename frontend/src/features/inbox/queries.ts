import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/api/client';

export const inboxKeys = {
  all: ['inbox'] as const,
  list: (unreadOnly: boolean, limit: number) => ['inbox', 'list', unreadOnly, limit] as const,
  unread: ['inbox', 'unread'] as const,
  desktop: ['inbox', 'desktop'] as const,
};

/** One page size: "Show more" asks for this many more, up to the most Go lists at once. */
export const INBOX_PAGE = 50;
export const INBOX_MAX = 200;

export function useInbox(unreadOnly: boolean, limit: number) {
  return useQuery({ queryKey: inboxKeys.list(unreadOnly, limit), queryFn: () => api.inbox.list(unreadOnly, 0, limit) });
}

export function useUnreadCount() {
  return useQuery({ queryKey: inboxKeys.unread, queryFn: () => api.inbox.unreadCount() });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.inbox.markRead(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: inboxKeys.all }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.inbox.markAllRead(),
    onSuccess: () => qc.invalidateQueries({ queryKey: inboxKeys.all }),
  });
}

export function useDesktopEnabled() {
  return useQuery({ queryKey: inboxKeys.desktop, queryFn: () => api.inbox.desktopEnabled() });
}

export function useSetDesktopEnabled() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (on: boolean) => api.inbox.setDesktopEnabled(on),
    onSuccess: () => qc.invalidateQueries({ queryKey: inboxKeys.desktop }),
  });
}
