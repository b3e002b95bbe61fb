import { QueryClient } from '@tanstack/react-query';

/** Local backend calls are cheap and events keep data fresh, so keep retries short. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: 1,
        refetchOnWindowFocus: true,
        staleTime: 5_000,
      },
      mutations: { retry: false },
    },
  });
}
