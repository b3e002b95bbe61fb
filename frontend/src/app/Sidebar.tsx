import { Activity, Database, FlaskConical, HardDrive, Plug } from 'lucide-react';
import type { ReactNode } from 'react';
import { useWorkspaceInfo } from '@/api';
import { Wordmark } from './Logo';
import { PAGES, useNavigation, type Page } from './navigation';

const ICONS: Record<Page, ReactNode> = {
  'sync-status': <Activity size={18} aria-hidden="true" />,
  integrations: <Plug size={18} aria-hidden="true" />,
  'cached-data': <Database size={18} aria-hidden="true" />,
};

export function Sidebar() {
  const { page, navigate } = useNavigation();
  const info = useWorkspaceInfo();

  return (
    <aside className="sidebar">
      <Wordmark />
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
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <footer className="sidebar__footer">
        {info.data && (
          <div
            className={`workspace-badge ${info.data.demo ? 'workspace-badge--demo' : ''}`}
            title={info.data.data_dir ? `Data folder: ${info.data.data_dir}` : undefined}
          >
            {info.data.demo ? (
              <FlaskConical size={16} aria-hidden="true" />
            ) : (
              <HardDrive size={16} aria-hidden="true" />
            )}
            <span>{info.data.demo ? 'Demo workspace' : 'My workspace'}</span>
          </div>
        )}
        <div className="sidebar__version num">
          {info.data?.version ? `Version ${info.data.version}` : 'TrueUp'}
        </div>
      </footer>
    </aside>
  );
}
