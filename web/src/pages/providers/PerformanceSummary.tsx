import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Download } from 'lucide-react';
import { getPerformance, performanceQueryKey, performanceUrl } from '../../api/providers';
import { focusRing } from '../../components/Button';
import { Card } from '../../components/Card';
import { SelectField } from '../../components/Fields';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatSeconds } from '../../lib/format';

const dayOptions = [1, 7, 30, 90, 365];

/** Per-provider sync averages over a window, from the analytics API, with a CSV export. */
export function PerformanceSummary() {
  const [days, setDays] = useState(30);
  const performance = useQuery({
    queryKey: [...performanceQueryKey, days],
    queryFn: ({ signal }) => getPerformance(days, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <Card title="Sync performance">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <SelectField label="Period" value={String(days)} onChange={(e) => setDays(Number(e.target.value))} className="w-40">
          {dayOptions.map((d) => (
            <option key={d} value={d}>
              {d === 1 ? 'Last day' : `Last ${d} days`}
            </option>
          ))}
        </SelectField>
        <a
          href={performanceUrl(days, 'csv')}
          download={`provider-performance-${days}d.csv`}
          className={`inline-flex min-h-10 items-center gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800 ${focusRing}`}
        >
          <Download aria-hidden="true" className="size-4" />
          Download CSV
        </a>
      </div>
      {performance.isPending ? (
        <LoadingState label="Loading performance…" />
      ) : performance.isError ? (
        <ErrorState error={performance.error} onRetry={() => void performance.refetch()} />
      ) : performance.data.length === 0 ? (
        <EmptyState title="No syncs in this period" />
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-busy={performance.isFetching || undefined}>
            <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-2 pr-3">Provider</th>
                <th scope="col" className="py-2 pr-3 text-right">Syncs</th>
                <th scope="col" className="py-2 pr-3 text-right">Avg duration</th>
                <th scope="col" className="py-2 pr-3 text-right">Errors</th>
                <th scope="col" className="py-2 text-right">Avg freshness</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {performance.data.map((row) => (
                <tr key={row.provider_id}>
                  <th scope="row" className="py-2 pr-3 font-medium">{row.provider_name}</th>
                  <td className="py-2 pr-3 text-right tabular-nums">{row.sync_count}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatSeconds(row.avg_sync_duration)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{row.total_errors}</td>
                  <td className="py-2 text-right tabular-nums">{row.avg_freshness_hours.toFixed(1)} h</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
