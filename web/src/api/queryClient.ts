import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';
import { meQueryKey } from './auth';

/**
 * A 401 from any query means the session has ended (expired cookie, user disabled), so the
 * signed-in user is forgotten and the route guard sends the person to /login. A 401 from a
 * mutation may be a business answer (the login itself), so it only re-checks the session.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        // fetchMe answers null for its own 401, so this only sees other queries' 401s.
        if (error instanceof ApiError && error.status === 401) {
          client.setQueryData(meQueryKey, null);
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (error instanceof ApiError && error.status === 401) {
          void client.invalidateQueries({ queryKey: meQueryKey });
        }
      },
    }),
    defaultOptions: {
      queries: {
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
  return client;
}
