import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { epgRefreshesQueryKey, listEpgRefreshes } from '../../api/epg';
import { Badge, statusTone } from '../../components/Badge';
import { Card } from '../../components/Card';
import { Pager } from '../../components/Pager';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatCount, formatDate, formatSeconds } from '../../lib/format';

const pageSize = 20;

export function RefreshHistory({ sourceId }: { sourceId: number }) {
  const [page, setPage] = useState(1);
  const refreshes = useQuery({
    queryKey: [...epgRefreshesQueryKey(sourceId), page],
    queryFn: ({ signal }) => listEpgRefreshes(sourceId, page, pageSize, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <Card title="Refresh history">
      {refreshes.isPending ? (
        <LoadingState label="Loading refresh history…" />
      ) : refreshes.isError ? (
        <ErrorState error={refreshes.error} onRetry={() => void refreshes.refetch()} />
      ) : refreshes.data.items.length === 0 ? (
        <EmptyState title="Not refreshed yet">Run “Refresh now” to read the guide.</EmptyState>
      ) : (
        <>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[36rem] text-left text-sm" aria-busy={refreshes.isFetching || undefined}>
              <caption className="sr-only">Refreshes, newest first</caption>
              <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
                <tr>
                  <th scope="col" className="py-2 pr-3">When</th>
                  <th scope="col" className="py-2 pr-3">Status</th>
                  <th scope="col" className="py-2 pr-3 text-right">Duration</th>
                  <th scope="col" className="py-2 pr-3 text-right">Channels</th>
                  <th scope="col" className="py-2 pr-3 text-right">Programmes</th>
                  <th scope="col" className="py-2 pr-3 text-right">Skipped</th>
                  <th scope="col" className="py-2 text-right">Problems</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {refreshes.data.items.map((r) => (
                  <tr key={r.id} className="align-top">
                    <td className="whitespace-nowrap py-2 pr-3">{formatDate(r.started_at)}</td>
                    <td className="py-2 pr-3">
                      <Badge tone={statusTone(r.status)}>{r.status}</Badge>
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatSeconds(r.duration_seconds)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatCount(r.channels)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatCount(r.programmes)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums" title="Programmes outside the kept window">
                      {formatCount(r.programmes_skipped)}
                    </td>
                    <td className="py-2 text-right tabular-nums">
                      {r.errors_count > 0 && r.error_details.length > 0 ? (
                        <details className="text-left">
                          <summary className="cursor-pointer text-right">{r.errors_count}</summary>
                          <ul className="mt-1 max-w-sm space-y-1 text-xs text-red-700 dark:text-red-300">
                            {r.error_details.slice(0, 20).map((e, i) => (
                              <li key={i}>
                                {e.line > 0 && <span className="font-medium">line {e.line}: </span>}
                                {e.message}
                              </li>
                            ))}
                          </ul>
                        </details>
                      ) : (
                        r.errors_count
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager label="Refresh history pages" page={page} total={refreshes.data.total} pageSize={pageSize} onPage={setPage} previous="Newer" next="Older" />
        </>
      )}
    </Card>
  );
}
