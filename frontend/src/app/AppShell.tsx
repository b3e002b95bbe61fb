import { useIsFetching } from '@tanstack/react-query';
import { Suspense, useEffect, useRef } from 'react';
import { usePushEvents, useSyncEvents, useTrueupEvents, useWorkspaceInfo } from '@/api';
import { Spinner } from '@/components/ui';
import { useRecovery } from '@/features/backups/queries';
import { RecoveryScreen } from '@/features/backups/RecoveryScreen';
import { useInboxEvents } from '@/features/inbox/useInboxEvents';
import { useNoticeOpened } from '@/features/inbox/useNoticeOpened';
import { DemoBanner } from './DemoBanner';
import { KeychainBanner } from './KeychainBanner';
import { lazyPage, type LazyPage } from './lazyPage';
import { useNavigation, type Page } from './navigation';
import { Sidebar } from './Sidebar';
import { useShownPage } from './useShownPage';
import './app.css';

// Every page is its own chunk (one import() each), so the first paint parses only the shell
// and the first screen: main.tsx preloads the first screen's chunk (index.html has it as a
// modulepreload, see vite.config.ts) and the others are fetched once the first screen's
// data is in, so switching pages stays instant (see make bench-ui).
const PAGES: Record<Page, LazyPage> = {
  'sync-status': lazyPage(() =>
    import('@/features/sync-status/SyncStatusPage').then((m) => m.SyncStatusPage),
  ),
  integrations: lazyPage(() =>
    import('@/features/integrations/IntegrationsPage').then((m) => m.IntegrationsPage),
  ),
  'cached-data': lazyPage(() =>
    import('@/features/cached-data/CachedDataPage').then((m) => m.CachedDataPage),
  ),
  mapping: lazyPage(() => import('@/features/mapping/MappingPage').then((m) => m.MappingPage)),
  reconcile: lazyPage(() => import('@/features/reconcile/ReconcilePage').then((m) => m.ReconcilePage)),
  'activity-log': lazyPage(() =>
    import('@/features/activity-log/ActivityLogPage').then((m) => m.ActivityLogPage),
  ),
  costs: lazyPage(() => import('@/features/costs/CostsPage').then((m) => m.CostsPage)),
  'sanity-check': lazyPage(() =>
    import('@/features/sanity-check/SanityCheckPage').then((m) => m.SanityCheckPage),
  ),
  month: lazyPage(() => import('@/features/month/MonthPage').then((m) => m.MonthPage)),
  settings: lazyPage(() => import('@/features/settings/SettingsPage').then((m) => m.SettingsPage)),
  explain: lazyPage(() => import('@/features/explain/ExplainPage').then((m) => m.ExplainPage)),
  about: lazyPage(() => import('@/features/about/AboutPage').then((m) => m.AboutPage)),
  inbox: lazyPage(() => import('@/features/inbox/InboxPage').then((m) => m.InboxPage)),
};

// The Sanity check carries the charting library, the biggest chunk: it is fetched last so it
// does not hold up the pages a user opens first.
const PREFETCH_LAST: readonly Page[] = ['sanity-check'];

/** Loads a page's code ahead of its first render (main.tsx: the first screen). */
export function preloadPage(page: Page): Promise<void> {
  return PAGES[page].preload();
}

/** When nothing fetches at all, the other pages load this long after the start. */
const PREFETCH_FALLBACK_MS = 3_000;

// The other pages' chunks compete with the first screen's render for the CPU when they load
// early (requestIdleCallback fired while the first calls were still out): load them once
// the first queries have settled, or after a few seconds if nothing fetched.
function usePrefetchPages() {
  const fetching = useIsFetching();
  const sawFetching = useRef(false);
  const done = useRef(false);
  if (fetching > 0) sawFetching.current = true;
  const settled = sawFetching.current && fetching === 0;
  useEffect(() => {
    if (done.current) return;
    const prefetch = () => {
      done.current = true;
      const first = (Object.keys(PAGES) as Page[]).filter((p) => !PREFETCH_LAST.includes(p));
      // A chunk that failed to prefetch is fetched again when its page opens.
      void Promise.all(first.map((p) => PAGES[p].preload()))
        .then(() => Promise.all(PREFETCH_LAST.map((p) => PAGES[p].preload())))
        .catch(() => undefined);
    };
    if (!settled) {
      const id = window.setTimeout(prefetch, PREFETCH_FALLBACK_MS);
      return () => window.clearTimeout(id);
    }
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(prefetch, { timeout: 1000 });
      return () => window.cancelIdleCallback(id);
    }
    const id = window.setTimeout(prefetch, 100);
    return () => window.clearTimeout(id);
  }, [settled]);
}

export function AppShell() {
  useSyncEvents();
  usePushEvents();
  useTrueupEvents();
  useInboxEvents();
  useNoticeOpened();
  usePrefetchPages();
  const { page } = useNavigation();
  const info = useWorkspaceInfo();
  const recovery = useRecovery();
  // The sidebar marks the page asked for at once; its content follows when its code is here.
  const shown = useShownPage(PAGES, page);
  const Current = PAGES[shown];

  return (
    <div className="shell">
      <Sidebar />
      <div className="shell__main">
        <KeychainBanner />
        {info.data?.demo && <DemoBanner />}
        <main className="shell__content" key={shown}>
          {recovery.data?.damaged ? (
            <RecoveryScreen recovery={recovery.data} onDone={() => void recovery.refetch()} />
          ) : (
            <Suspense
              fallback={
                <div className="loading">
                  <Spinner size={18} /> Loading…
                </div>
              }
            >
              <Current />
            </Suspense>
          )}
        </main>
      </div>
    </div>
  );
}
