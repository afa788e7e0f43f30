import { QueryClient } from '@tanstack/react-query';

/**
 * The renderer's one cache of main's answers. Main announces every change
 * (events → event-bridge.ts) and this window's own changes invalidate what
 * they touch (mutations.ts), so answers stay fresh until told otherwise:
 * no refetch on focus or on a timer, no retries of an answer that was an
 * error (main's envelope already says whether trying again helps).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { retry: false },
    },
  });
}
