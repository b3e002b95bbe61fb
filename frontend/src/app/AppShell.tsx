import { lazy, Suspense, useEffect } from 'react';
import { usePushEvents, useSyncEvents, useWorkspaceInfo } from '@/api';
import { Spinner } from '@/components/ui';
import { SyncStatusPage } from '@/features/sync-status/SyncStatusPage';
import { DemoBanner } from './DemoBanner';
import { KeychainBanner } from './KeychainBanner';
import { useNavigation } from './navigation';
import { Sidebar } from './Sidebar';
import './app.css';

// Sync Status is the first screen and comes with the main bundle; the other pages load
// on their own, so the first paint parses less script (see make bench-ui). They are
// fetched while the app is idle after the first paint, so switching pages stays instant.
const loadIntegrations = () => import('@/features/integrations/IntegrationsPage');
const loadCachedData = () => import('@/features/cached-data/CachedDataPage');
const IntegrationsPage = lazy(() => loadIntegrations().then((m) => ({ default: m.IntegrationsPage })));
const CachedDataPage = lazy(() => loadCachedData().then((m) => ({ default: m.CachedDataPage })));
const loadActivityLog = () => import('@/features/activity-log/ActivityLogPage');
const loadCosts = () => import('@/features/costs/CostsPage');
const loadSanityCheck = () => import('@/features/sanity-check/SanityCheckPage');
const loadMonth = () => import('@/features/month/MonthPage');
const ActivityLogPage = lazy(() => loadActivityLog().then((m) => ({ default: m.ActivityLogPage })));
const CostsPage = lazy(() => loadCosts().then((m) => ({ default: m.CostsPage })));
const SanityCheckPage = lazy(() => loadSanityCheck().then((m) => ({ default: m.SanityCheckPage })));
const MonthPage = lazy(() => loadMonth().then((m) => ({ default: m.MonthPage })));

function usePrefetchPages() {
  useEffect(() => {
    const prefetch = () => {
      // The true-up screens come second: the Sanity check carries the charting library,
      // the biggest chunk, which should not hold up the pages fetched first.
      void Promise.all([loadIntegrations(), loadCachedData()])
        .then(() => Promise.all([loadMonth(), loadActivityLog(), loadCosts(), loadSanityCheck()]))
        // A chunk that failed to prefetch is fetched again when its page opens.
        .catch(() => undefined);
    };
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(prefetch, { timeout: 2000 });
      return () => window.cancelIdleCallback(id);
    }
    const id = window.setTimeout(prefetch, 300);
    return () => window.clearTimeout(id);
  }, []);
}

export function AppShell() {
  useSyncEvents();
  usePushEvents();
  usePrefetchPages();
  const { page } = useNavigation();
  const info = useWorkspaceInfo();

  return (
    <div className="shell">
      <Sidebar />
      <div className="shell__main">
        <KeychainBanner />
        {info.data?.demo && <DemoBanner />}
        <main className="shell__content" key={page}>
          <Suspense
            fallback={
              <div className="loading">
                <Spinner size={18} /> Loading…
              </div>
            }
          >
            {page === 'sync-status' && <SyncStatusPage />}
            {page === 'integrations' && <IntegrationsPage />}
            {page === 'cached-data' && <CachedDataPage />}
            {page === 'activity-log' && <ActivityLogPage />}
            {page === 'costs' && <CostsPage />}
            {page === 'sanity-check' && <SanityCheckPage />}
            {page === 'month' && <MonthPage />}
          </Suspense>
        </main>
      </div>
    </div>
  );
}
