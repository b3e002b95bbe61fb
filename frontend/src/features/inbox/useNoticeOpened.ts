import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api } from '@/api/client';
import { useNavigation } from '@/app/navigation';
import { noticeTarget } from './noticeTarget';

/**
 * Opens what a notice is about when the user clicks its desktop notification
 * ("inbox:opened", sent once Go has brought the window forward and marked it read): its
 * target, as opening it in the inbox does, or the inbox for a notice without one.
 */
export function useNoticeOpened(): void {
  const { navigate } = useNavigation();
  const qc = useQueryClient();
  // navigate changes with every page; the subscription stays the same.
  const nav = useRef(navigate);
  nav.current = navigate;
  useEffect(
    () =>
      api.inbox.onOpened((notice) => {
        void qc.invalidateQueries({ queryKey: ['inbox', 'list'] });
        const target = noticeTarget(notice);
        if (target) nav.current(target.page, target.opts);
        else nav.current('inbox');
      }),
    [qc],
  );
}
