import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { NoticeProvider } from '@/components/ui';
import { AppShell } from './AppShell';
import { NavigationProvider, type Page } from './navigation';
import { createQueryClient } from './queryClient';

export function App({ client, initialPage }: { client?: QueryClient; initialPage?: Page }) {
  const [queryClient] = useState(() => client ?? createQueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <NoticeProvider>
        <NavigationProvider initialPage={initialPage}>
          <AppShell />
        </NavigationProvider>
      </NoticeProvider>
    </QueryClientProvider>
  );
}
