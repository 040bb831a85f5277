import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Plus } from 'lucide-react';
import { listProviders, providersQueryKey } from '../../api/providers';
import { focusRing } from '../../components/Button';
import { Card } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { PerformanceSummary } from './PerformanceSummary';
import { ProviderRow } from './ProviderRow';

export const primaryLinkClass = `inline-flex min-h-10 items-center justify-center gap-2 rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 ${focusRing}`;

export function ProvidersPage() {
  const providers = useQuery({ queryKey: providersQueryKey, queryFn: ({ signal }) => listProviders(signal) });

  return (
    <>
      <PageHeader title="Providers" description="Playlists and Xtream accounts the channels are built from.">
        <Link to="/providers/new" className={primaryLinkClass}>
          <Plus aria-hidden="true" className="size-4" />
          Add provider
        </Link>
      </PageHeader>
      <div className="grid gap-6">
        <Card title="All providers">
          {providers.isPending ? (
            <LoadingState label="Loading providers…" />
          ) : providers.isError ? (
            <ErrorState error={providers.error} onRetry={() => void providers.refetch()} />
          ) : providers.data.length === 0 ? (
            <EmptyState title="No providers yet">
              <Link to="/providers/new" className="text-indigo-700 underline dark:text-indigo-300">
                Add an M3U playlist or an Xtream account
              </Link>
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-800">
              {providers.data.map((provider) => (
                <ProviderRow key={provider.id} provider={provider} />
              ))}
            </ul>
          )}
        </Card>
        <PerformanceSummary />
      </div>
    </>
  );
}
