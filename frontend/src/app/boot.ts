import type { QueryClient } from '@tanstack/react-query';
import { api, monthProgressQuery, statusQuery, workspaceInfoQuery } from '@/api';
import { preloadPage } from './AppShell';
import type { Page } from './navigation';

/** The page the window opens on (NavigationProvider's initial page). */
export const FIRST_PAGE: Page = 'sync-status';

/** The longest a kept startup view waits for the live rows before React renders anyway. */
export const STARTUP_VIEW_WAIT_MS = 3000;

/**
 * bootFirstScreen starts what the first screen waits for, all at once and before React
 * renders: its reads go out now (the Go side answers while React renders; the hooks then
 * find them in the cache instead of asking again), and its page's code loads (index.html
 * has already fetched it). It resolves when the page can render without suspending; a page
 * that failed to load is tried again by its Suspense boundary.
 *
 * When the window shows the screen a previous launch kept (startupView: Go's
 * internal/startupview put it into the page), it also waits for the first screen's data, at
 * most STARTUP_VIEW_WAIT_MS: React then replaces the kept screen with the live one in one
 * step, not with a loading state first.
 */
export function bootFirstScreen(client: QueryClient, startupView = false): Promise<void> {
  void client.prefetchQuery(workspaceInfoQuery);
  const status = client.prefetchQuery(statusQuery);
  void client.prefetchQuery(monthProgressQuery);
  const code = preloadPage(FIRST_PAGE).catch(() => undefined);
  const painted = announcePainted(startupView);
  if (!startupView) return code;
  const bounded = Promise.race([Promise.all([status, painted]), new Promise<void>((ok) => setTimeout(ok, STARTUP_VIEW_WAIT_MS))]);
  return Promise.all([code, bounded]).then(() => undefined);
}

/**
 * Tells Go that the page has painted its first screen, so that the window drops the picture
 * of the kept screen it paints until then (Go's internal/windowpicture): with a kept view,
 * after the second animation frame (it runs once the first frame, the kept view, is out);
 * without one, at once (a picture never stays over another screen). It never rejects: the
 * window drops the picture on its own after a few seconds.
 */
export function announcePainted(startupView: boolean, shown: () => Promise<void> = () => api.workspace.startupViewShown()): Promise<void> {
  const afterFirstFrame = startupView
    ? new Promise<void>((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok())))
    : Promise.resolve();
  return afterFirstFrame.then(shown).catch(() => undefined);
}

/** Whether the page came with a kept startup view (see internal/startupview). */
export function hasStartupView(root: HTMLElement): boolean {
  return root.querySelector(':scope > .startup-view') !== null;
}
