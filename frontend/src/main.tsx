import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '@/app/App';
import { bootFirstScreen, hasStartupView } from '@/app/boot';
import { markPlatform } from '@/app/platform';
import { createQueryClient } from '@/app/queryClient';
import '@/app/theme.css';

markPlatform(); // the font stacks (theme.css) before anything is laid out
const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
const client = createQueryClient();
void bootFirstScreen(client, hasStartupView(root)).then(() =>
  createRoot(root).render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  ),
);
