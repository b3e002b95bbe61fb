import type { QueryClient } from '@tanstack/react-query';
import { statusQuery, workspaceInfoQuery } from '@/api';
import { preloadPage } from './AppShell';
import type { Page } from './navigation';

/** The page the window opens on (NavigationProvider's initial page). */
export const FIRST_PAGE: Page = 'sync-status';

/**
 * bootFirstScreen starts what the first screen waits for, all at once and before React
 * renders: its reads go out now (the Go side answers while React renders; the hooks then
 * find them in the cache instead of asking again), and its page's code loads (index.html
 * has already fetched it). It resolves when the page can render without suspending; a page
 * that failed to load is tried again by its Suspense boundary.
 */
export function bootFirstScreen(client: QueryClient): Promise<void> {
  void client.prefetchQuery(workspaceInfoQuery);
  void client.prefetchQuery(statusQuery);
  return preloadPage(FIRST_PAGE).catch(() => undefined);
}
