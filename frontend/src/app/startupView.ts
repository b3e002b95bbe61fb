import { useEffect, useRef } from 'react';
import { api } from '@/api';
import { isAppWindow } from './platform';

/** How long the screen must stay as it is before it is kept: a settled screen, not a frame. */
export const SETTLE_MS = 1500;

/**
 * The root's HTML as the next launch may paint it before the code runs (Go's
 * internal/startupview puts it into the page): what the screen shows, without any value
 * typed into a field, and without the parts marked data-no-startup-view.
 */
export function startupViewOf(root: HTMLElement): string {
  const copy = root.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('input, textarea, select').forEach((el) => {
    el.removeAttribute('value');
    if (el instanceof HTMLTextAreaElement) el.textContent = '';
  });
  copy.querySelectorAll('[data-no-startup-view]').forEach((el) => el.remove());
  return copy.innerHTML;
}

/**
 * Keeps the screen as the next launch's first paint once it has stayed as it is for
 * SETTLE_MS while ready (Sync Status with its rows in and no run going), and again after
 * each change (key). Not while a dialog is open: the view is the screen itself. A failure
 * only costs the next launch its early paint, so it is not shown.
 */
export function useStartupViewCapture(ready: boolean, key: unknown): void {
  const saved = useRef('');
  useEffect(() => {
    if (!ready) return;
    const timer = window.setTimeout(() => {
      const root = document.getElementById('root');
      if (!root || document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      const html = startupViewOf(root);
      if (html === saved.current) return;
      saved.current = html;
      api.workspace.saveStartupView(html, isAppWindow()).catch(() => {
        saved.current = '';
      });
    }, SETTLE_MS);
    return () => window.clearTimeout(timer);
  }, [ready, key]);
}
