import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement, ReactNode } from 'react';
import { NavigationProvider, type Page } from '@/app/navigation';
import { NoticeProvider } from '@/components/ui';

export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: 0, gcTime: Infinity, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

export function Providers({
  client,
  children,
  page,
}: {
  client: QueryClient;
  children: ReactNode;
  page?: Page;
}) {
  return (
    <QueryClientProvider client={client}>
      <NoticeProvider>
        <NavigationProvider initialPage={page}>{children}</NavigationProvider>
      </NoticeProvider>
    </QueryClientProvider>
  );
}

export function renderWithProviders(
  ui: ReactElement,
  opts: { client?: QueryClient; page?: Page } = {},
): RenderResult & { client: QueryClient; user: ReturnType<typeof userEvent.setup> } {
  const client = opts.client ?? testQueryClient();
  const user = userEvent.setup();
  const result = render(
    <Providers client={client} page={opts.page}>
      {ui}
    </Providers>,
  );
  return { ...result, client, user };
}
