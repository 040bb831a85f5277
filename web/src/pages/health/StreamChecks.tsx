import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listStreamChecks, streamChecksQueryKey } from '../../api/health';
import { Badge } from '../../components/Badge';
import { Card } from '../../components/Card';
import { Pager } from '../../components/Pager';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDate } from '../../lib/format';

const pageSize = 25;

/** Every health check of one stream, newest first. */
export function StreamChecks({ streamId }: { streamId: number }) {
  const [page, setPage] = useState(1);
  const checks = useQuery({
    queryKey: [...streamChecksQueryKey(streamId), page],
    queryFn: ({ signal }) => listStreamChecks(streamId, page, pageSize, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <Card title="Check history">
      {checks.isPending ? (
        <LoadingState label="Loading checks…" />
      ) : checks.isError ? (
        <ErrorState error={checks.error} onRetry={() => void checks.refetch()} />
      ) : checks.data.items.length === 0 ? (
        <EmptyState title="Not checked yet">Run a check of this stream to see whether it answers.</EmptyState>
      ) : (
        <>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[30rem] text-left text-sm" aria-busy={checks.isFetching || undefined}>
              <caption className="sr-only">Health checks, newest first</caption>
              <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
                <tr>
                  <th scope="col" className="py-2 pr-3">When</th>
                  <th scope="col" className="py-2 pr-3">Result</th>
                  <th scope="col" className="py-2 pr-3 text-right">Latency</th>
                  <th scope="col" className="py-2 pr-3 text-right">HTTP</th>
                  <th scope="col" className="py-2">Reason</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {checks.data.items.map((c) => (
                  <tr key={c.id} className="align-top">
                    <td className="whitespace-nowrap py-2 pr-3">{formatDate(c.checked_at)}</td>
                    <td className="py-2 pr-3">{c.ok ? <Badge tone="green">ok</Badge> : <Badge tone="red">failed</Badge>}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{c.latency_ms} ms</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{c.http_status ?? '—'}</td>
                    <td className="break-words py-2">{c.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager label="Check history pages" page={page} total={checks.data.total} pageSize={pageSize} onPage={setPage} previous="Newer" next="Older" />
        </>
      )}
    </Card>
  );
}
