import { useSyncEvents, useWorkspaceInfo } from '@/api';
import { CachedDataPage } from '@/features/cached-data/CachedDataPage';
import { IntegrationsPage } from '@/features/integrations/IntegrationsPage';
import { SyncStatusPage } from '@/features/sync-status/SyncStatusPage';
import { DemoBanner } from './DemoBanner';
import { useNavigation } from './navigation';
import { Sidebar } from './Sidebar';
import './app.css';

export function AppShell() {
  useSyncEvents();
  const { page } = useNavigation();
  const info = useWorkspaceInfo();

  return (
    <div className="shell">
      <Sidebar />
      <div className="shell__main">
        {info.data?.demo && <DemoBanner />}
        <main className="shell__content" key={page}>
          {page === 'sync-status' && <SyncStatusPage />}
          {page === 'integrations' && <IntegrationsPage />}
          {page === 'cached-data' && <CachedDataPage />}
        </main>
      </div>
    </div>
  );
}
