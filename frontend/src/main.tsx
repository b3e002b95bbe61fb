import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '@/app/App';
import { preloadPage } from '@/app/AppShell';
import '@/app/theme.css';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
// The first screen (NavigationProvider's initial page) is loaded before the first render, so
// it renders at once instead of behind a Suspense fallback; index.html fetches its chunk
// alongside this one. If it fails to load, the page's own Suspense boundary tries again.
void preloadPage('sync-status')
  .catch(() => undefined)
  .then(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
