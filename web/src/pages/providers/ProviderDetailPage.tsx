import type { ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { Pencil, PlugZap, Trash2 } from 'lucide-react';
import { deleteProvider, getProvider, providerQueryKey, providersQueryKey, testProvider } from '../../api/providers';
import { Badge, statusTone } from '../../components/Badge';
import { Button, focusRing } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { formatCount, formatDate } from '../../lib/format';
import { kindLabels } from './ProviderRow';
import { describeSchedule } from './schedule';
import { SyncHistory } from './SyncHistory';
import { SyncNow } from './SyncNow';
import { TestResultView } from './TestResultView';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="break-words text-sm">{children}</dd>
    </div>
  );
}

export function ProviderDetailPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const provider = useQuery({ queryKey: providerQueryKey(id), queryFn: ({ signal }) => getProvider(id, signal) });
  const test = useMutation({ mutationFn: () => testProvider(id) });
  const remove = useMutation({
    mutationFn: () => deleteProvider(id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: providerQueryKey(id) });
      void queryClient.invalidateQueries({ queryKey: providersQueryKey });
      void navigate('/providers');
    },
  });

  const breadcrumb = (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm">
      <Link to="/providers" className="text-indigo-700 hover:underline dark:text-indigo-300">
        Providers
      </Link>
    </nav>
  );
  if (provider.isPending) return <>{breadcrumb}<LoadingState label="Loading provider…" /></>;
  if (provider.isError) return <>{breadcrumb}<ErrorState error={provider.error} onRetry={() => void provider.refetch()} /></>;
  const p = provider.data;

  const confirmDelete = () => {
    if (window.confirm(`Delete the provider “${p.name}” and its streams? This cannot be undone.`)) remove.mutate();
  };

  return (
    <>
      {breadcrumb}
      <PageHeader title={p.name} description={`${kindLabels[p.kind] ?? p.kind} provider`}>
        <div className="flex flex-wrap gap-2">
          <Link
            to={`/providers/${p.id}/edit`}
            className={`inline-flex min-h-10 items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700 ${focusRing}`}
          >
            <Pencil aria-hidden="true" className="size-4" />
            Edit
          </Link>
          <Button variant="secondary" busy={test.isPending} onClick={() => test.mutate()}>
            <PlugZap aria-hidden="true" className="size-4" />
            Test connection
          </Button>
          <Button variant="danger" busy={remove.isPending} onClick={confirmDelete}>
            <Trash2 aria-hidden="true" className="size-4" />
            Delete
          </Button>
        </div>
      </PageHeader>
      {remove.isError && (
        <div className="mb-4">
          <ErrorAlert error={remove.error} />
        </div>
      )}

      <div className="grid gap-6 xl:grid-cols-[1fr_24rem] xl:items-start">
        <Card title="Overview">
          <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <Item label="Status">{p.enabled ? <Badge tone="green">enabled</Badge> : <Badge tone="red">disabled</Badge>}</Item>
            <Item label="Source">
              <span className="break-all font-mono text-xs">{p.url ?? (p.kind === 'm3u_file' ? 'uploaded file' : '—')}</span>
            </Item>
            {p.kind === 'xtream' && <Item label="Username">{p.username ?? '—'}</Item>}
            <Item label="Content">
              {formatCount(p.counts.live_streams)} live · {formatCount(p.counts.vod)} movies · {formatCount(p.counts.series)} series
            </Item>
            <Item label="Schedule">{describeSchedule(p.sync_cron)}</Item>
            <Item label="Priority / connections">
              {p.priority} / {p.max_connections}
            </Item>
            <Item label="Last sync">
              <span className="flex flex-wrap items-center gap-2">
                {p.last_sync_status && <Badge tone={statusTone(p.last_sync_status)}>{p.last_sync_status}</Badge>}
                {formatDate(p.last_sync_at)}
              </span>
            </Item>
            {p.last_sync_message && (
              <div className="sm:col-span-2 lg:col-span-3">
                <Item label="Last sync message">{p.last_sync_message}</Item>
              </div>
            )}
          </dl>
        </Card>
        <div className="grid gap-6">
          <Card title="Sync">
            <SyncNow provider={p} />
          </Card>
          {(test.data || test.isError) && (
            <Card title="Connection test">
              {test.isError ? <ErrorAlert error={test.error} /> : test.data && <TestResultView result={test.data} />}
            </Card>
          )}
        </div>
      </div>
      <div className="mt-6">
        <SyncHistory providerId={p.id} />
      </div>
    </>
  );
}
