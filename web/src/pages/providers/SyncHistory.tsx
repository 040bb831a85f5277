import { lazy, Suspense, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listSyncs, syncsQueryKey } from '../../api/providers';
import { Badge, statusTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDate, formatSeconds } from '../../lib/format';
import { added, removed, updated } from './syncTotals';

// Recharts is large: it loads only when a history with syncs is shown.
const SyncChart = lazy(() => import('./SyncChart'));

const pageSize = 20;


export function SyncHistory({ providerId }: { providerId: number }) {
  const [page, setPage] = useState(1);
  const syncs = useQuery({
    queryKey: [...syncsQueryKey(providerId), page],
    queryFn: ({ signal }) => listSyncs(providerId, page, pageSize, signal),
    placeholderData: keepPreviousData,
  });
  const pages = syncs.data ? Math.max(1, Math.ceil(syncs.data.total / pageSize)) : 1;

  return (
    <Card title="Sync history">
      {syncs.isPending ? (
        <LoadingState label="Loading sync history…" />
      ) : syncs.isError ? (
        <ErrorState error={syncs.error} onRetry={() => void syncs.refetch()} />
      ) : syncs.data.items.length === 0 ? (
        <EmptyState title="No syncs yet">Run “Sync now” to import the playlist.</EmptyState>
      ) : (
        <>
          <Suspense fallback={<LoadingState label="Loading chart…" />}>
            <SyncChart syncs={syncs.data.items} />
          </Suspense>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[40rem] text-left text-sm" aria-busy={syncs.isFetching || undefined}>
              <caption className="sr-only">Syncs, newest first</caption>
              <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
                <tr>
                  <th scope="col" className="py-2 pr-3">When</th>
                  <th scope="col" className="py-2 pr-3">Status</th>
                  <th scope="col" className="py-2 pr-3 text-right">Duration</th>
                  <th scope="col" className="py-2 pr-3 text-right">Added</th>
                  <th scope="col" className="py-2 pr-3 text-right">Removed</th>
                  <th scope="col" className="py-2 pr-3 text-right">Updated</th>
                  <th scope="col" className="py-2 text-right">Errors</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {syncs.data.items.map((s) => (
                  <tr key={s.id} className="align-top">
                    <td className="py-2 pr-3 whitespace-nowrap">{formatDate(s.sync_timestamp)}</td>
                    <td className="py-2 pr-3">
                      <Badge tone={statusTone(s.status)}>{s.status}</Badge>
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatSeconds(s.sync_duration_seconds)}</td>
                    <td
                      className="py-2 pr-3 text-right tabular-nums"
                      title={`${s.channels_added} live, ${s.vod_added} movies, ${s.series_added} series`}
                    >
                      {added(s)}
                    </td>
                    <td
                      className="py-2 pr-3 text-right tabular-nums"
                      title={`${s.channels_removed} live, ${s.vod_removed} movies, ${s.series_removed} series`}
                    >
                      {removed(s)}
                    </td>
                    <td
                      className="py-2 pr-3 text-right tabular-nums"
                      title={`${s.channels_updated} live, ${s.vod_updated} movies, ${s.series_updated} series`}
                    >
                      {updated(s)}
                    </td>
                    <td className="py-2 text-right tabular-nums">
                      {s.errors_count > 0 && s.error_details && s.error_details.length > 0 ? (
                        <details className="text-left">
                          <summary className="cursor-pointer text-right">{s.errors_count}</summary>
                          <ul className="mt-1 max-w-sm space-y-1 text-xs text-red-700 dark:text-red-300">
                            {s.error_details.slice(0, 20).map((e, i) => (
                              <li key={i}>
                                <span className="font-medium">{e.phase}</span>: {e.message}
                                {e.item ? ` (${e.item})` : ''}
                              </li>
                            ))}
                          </ul>
                        </details>
                      ) : (
                        s.errors_count
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 && (
            <nav aria-label="Sync history pages" className="mt-4 flex items-center justify-between gap-2 text-sm">
              <Button variant="secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                Newer
              </Button>
              <span>
                Page {page} of {pages}
              </span>
              <Button variant="secondary" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                Older
              </Button>
            </nav>
          )}
        </>
      )}
    </Card>
  );
}
