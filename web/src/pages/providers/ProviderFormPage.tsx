import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { getProvider, providerQueryKey } from '../../api/providers';
import { Card } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { ProviderForm } from './ProviderForm';

/** /providers/new and /providers/:id/edit. */
export function ProviderFormPage() {
  const { id } = useParams();
  const providerId = id ? Number(id) : null;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const provider = useQuery({
    queryKey: providerQueryKey(providerId ?? 0),
    queryFn: ({ signal }) => getProvider(providerId!, signal),
    enabled: providerId !== null,
  });

  const title = providerId === null ? 'Add provider' : `Edit ${provider.data?.name ?? 'provider'}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link to="/providers" className="text-indigo-700 hover:underline dark:text-indigo-300">
          Providers
        </Link>
      </nav>
      <PageHeader title={title} />
      <Card className="max-w-3xl">
        {providerId !== null && provider.isPending ? (
          <LoadingState label="Loading provider…" />
        ) : providerId !== null && provider.isError ? (
          <ErrorState error={provider.error} onRetry={() => void provider.refetch()} />
        ) : (
          <ProviderForm
            provider={provider.data}
            onSaved={(saved) => {
              queryClient.setQueryData(providerQueryKey(saved.id), saved);
              void navigate(`/providers/${saved.id}`);
            }}
            onCancel={() => void navigate(providerId === null ? '/providers' : `/providers/${providerId}`)}
          />
        )}
      </Card>
    </>
  );
}
