import type { ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { Trash2 } from 'lucide-react';
import { deleteEpgSource, epgQueryKey, epgSourceQueryKey, getEpgSource, nowNextQueryKey } from '../../api/epg';
import { Badge, statusTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { formatCount, formatDate } from '../../lib/format';
import { EpgSourceForm } from './EpgSourceForm';
import { RefreshHistory } from './RefreshHistory';
import { RefreshNow } from './RefreshNow';
import { sourceKindLabels } from './sourceKinds';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="break-words text-sm">{children}</dd>
    </div>
  );
}

/** /epg/sources/:id — one guide source: overview, settings, refresh now, refresh history, delete. */
export function EpgSourcePage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const source = useQuery({ queryKey: epgSourceQueryKey(id), queryFn: ({ signal }) => getEpgSource(id, signal) });
  const remove = useMutation({
    mutationFn: () => deleteEpgSource(id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: epgSourceQueryKey(id) });
      void queryClient.invalidateQueries({ queryKey: epgQueryKey });
      void queryClient.invalidateQueries({ queryKey: nowNextQueryKey });
      void navigate('/epg');
    },
  });

  const breadcrumb = (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm">
      <Link to="/epg" className="text-indigo-700 hover:underline dark:text-indigo-300">
        EPG
      </Link>
    </nav>
  );
  if (source.isPending) return <>{breadcrumb}<LoadingState label="Loading guide source…" /></>;
  if (source.isError) return <>{breadcrumb}<ErrorState error={source.error} onRetry={() => void source.refetch()} /></>;
  const s = source.data;

  const confirmDelete = () => {
    const what = s.provider_id !== null ? ' Its provider will not add it again.' : '';
    if (window.confirm(`Delete the guide “${s.name}” with its channels, programmes and mappings?${what} This cannot be undone.`)) remove.mutate();
  };

  return (
    <>
      {breadcrumb}
      <PageHeader title={s.name} description={`${sourceKindLabels[s.kind] ?? s.kind} guide`}>
        <Button variant="danger" busy={remove.isPending} onClick={confirmDelete}>
          <Trash2 aria-hidden="true" className="size-4" />
          Delete
        </Button>
      </PageHeader>
      {remove.isError && (
        <div className="mb-4">
          <ErrorAlert error={remove.error} />
        </div>
      )}
      <div className="grid gap-6 xl:grid-cols-[1fr_24rem] xl:items-start">
        <div className="grid gap-6">
          <Card title="Overview">
            <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              <Item label="Status">{s.enabled ? <Badge tone="green">enabled</Badge> : <Badge tone="red">disabled</Badge>}</Item>
              <Item label="Source">
                <span className="break-all font-mono text-xs">{s.url ?? (s.kind === 'file' ? 'uploaded file' : '—')}</span>
              </Item>
              <Item label="Content">
                {formatCount(s.channels)} channels · {formatCount(s.programmes)} programmes
              </Item>
              <Item label="Priority">{s.priority}</Item>
              <Item label="Last refresh">
                <span className="flex flex-wrap items-center gap-2">
                  {s.last_refresh_status && <Badge tone={statusTone(s.last_refresh_status)}>{s.last_refresh_status}</Badge>}
                  {formatDate(s.last_refresh_at)}
                </span>
              </Item>
              <Item label="Last successful refresh">{formatDate(s.last_successful_refresh_at)}</Item>
              {s.last_refresh_message && (
                <div className="sm:col-span-2 lg:col-span-3">
                  <Item label="Last refresh message">{s.last_refresh_message}</Item>
                </div>
              )}
            </dl>
          </Card>
          <RefreshHistory sourceId={s.id} />
        </div>
        <div className="grid gap-6">
          <Card title="Refresh">
            <RefreshNow source={s} />
          </Card>
          <Card title="Settings">
            <EpgSourceForm source={s} />
          </Card>
        </div>
      </div>
    </>
  );
}
