import { Activity, Bell, ClipboardCheck, Coins, Database, FlaskConical, HardDrive, History, Info, Link2, Plug, Scale, SearchCheck, Settings } from 'lucide-react';
import type { ReactNode } from 'react';
import { useWorkspaceInfo } from '@/api';
import { UnmappedBadge, UnmappedPerVendor } from '@/features/mapping/UnmappedNav';
import { MonthSidebarButton } from '@/features/month/MonthEntry';
import { UnreadBadge } from '@/features/inbox/UnreadBadge';
import { Wordmark } from './Logo';
import { PAGES, useNavigation, type Page } from './navigation';

const ICONS: Partial<Record<Page, ReactNode>> = {
  'sync-status': <Activity size={18} aria-hidden="true" />,
  integrations: <Plug size={18} aria-hidden="true" />,
  'cached-data': <Database size={18} aria-hidden="true" />,
  'activity-log': <History size={18} aria-hidden="true" />,
  costs: <Coins size={18} aria-hidden="true" />,
  'sanity-check': <ClipboardCheck size={18} aria-hidden="true" />,
  settings: <Settings size={18} aria-hidden="true" />,
  // --- true-up: Mapping and Reconcile (G1) ---
  mapping: <Link2 size={18} aria-hidden="true" />,
  reconcile: <Scale size={18} aria-hidden="true" />,
  explain: <SearchCheck size={18} aria-hidden="true" />,
  about: <Info size={18} aria-hidden="true" />,
  inbox: <Bell size={18} aria-hidden="true" />,
};

export function Sidebar() {
  const { page, navigate } = useNavigation();
  const info = useWorkspaceInfo();

  return (
    <aside className="sidebar">
      <Wordmark />
      <MonthSidebarButton />
      <nav className="sidebar__nav" aria-label="Main">
        <ul>
          {PAGES.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="nav-item"
                aria-current={page === p.id ? 'page' : undefined}
                onClick={() => navigate(p.id)}
              >
                {ICONS[p.id]}
                <span>{p.title}</span>
                {p.id === 'mapping' && <UnmappedBadge />}
                {p.id === 'inbox' && <UnreadBadge />}
              </button>
              {p.id === 'mapping' && <UnmappedPerVendor onOpen={() => navigate('mapping')} />}
            </li>
          ))}
        </ul>
      </nav>
      <footer className="sidebar__footer">
        {info.data && (
          // A label, not a control: it says which workspace is open and where its data lives
          // (switching is the demo banner's and the Integrations page's job).
          <div className={`workspace-label ${info.data.demo ? 'workspace-label--demo' : ''}`} data-testid="workspace-label">
            <span className="workspace-label__name">
              {info.data.demo ? (
                <FlaskConical size={15} aria-hidden="true" />
              ) : (
                <HardDrive size={15} aria-hidden="true" />
              )}
              {info.data.demo ? 'Demo workspace' : 'My workspace'}
            </span>
            {info.data.data_dir && !info.data.demo && (
              <span className="workspace-label__dir mono">{info.data.data_dir}</span>
            )}
          </div>
        )}
        <div className="sidebar__version num">
          {info.data?.version ? `Version ${info.data.version}` : 'TrueUp'}
        </div>
      </footer>
    </aside>
  );
}
