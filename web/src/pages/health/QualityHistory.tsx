import { lazy, Suspense, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Download } from 'lucide-react';
import { getQualityHistory, qualityHistoryQueryKey, qualityHistoryUrl } from '../../api/health';
import { focusRing } from '../../components/Button';
import { Card } from '../../components/Card';
import { SelectField } from '../../components/Fields';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDate } from '../../lib/format';

// Recharts is large: it loads only when there are samples to draw.
const QualityChart = lazy(() => import('./QualityChart'));

/** The periods offered; the API takes 1–90 days. */
export const dayOptions = [1, 3, 7, 14, 30, 60, 90];

const shownRows = 50;

export function QualityHistory({ streamId }: { streamId: number }) {
  const [days, setDays] = useState(7);
  const history = useQuery({
    queryKey: [...qualityHistoryQueryKey(streamId), days],
    queryFn: ({ signal }) => getQualityHistory(streamId, days, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <Card title="Quality history">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <SelectField label="Period" value={String(days)} onChange={(e) => setDays(Number(e.target.value))} className="w-40">
          {dayOptions.map((d) => (
            <option key={d} value={d}>
              {d === 1 ? 'Last day' : `Last ${d} days`}
            </option>
          ))}
        </SelectField>
        <a
          href={qualityHistoryUrl(streamId, days, 'csv')}
          download={`stream-${streamId}-quality-${days}d.csv`}
          className={`inline-flex min-h-10 items-center gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800 ${focusRing}`}
        >
          <Download aria-hidden="true" className="size-4" />
          Download CSV
        </a>
      </div>
      {history.isPending ? (
        <LoadingState label="Loading quality history…" />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.length === 0 ? (
        <EmptyState title="No quality samples in this period">The hourly quality sampling job adds them.</EmptyState>
      ) : (
        <>
          <Suspense fallback={<LoadingState label="Loading chart…" />}>
            <QualityChart rows={history.data} />
          </Suspense>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[34rem] text-left text-sm" aria-busy={history.isFetching || undefined}>
              <caption className="sr-only">Quality samples, newest first</caption>
              <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
                <tr>
                  <th scope="col" className="py-2 pr-3">When</th>
                  <th scope="col" className="py-2 pr-3 text-right">Score</th>
                  <th scope="col" className="py-2 pr-3">Resolution</th>
                  <th scope="col" className="py-2 pr-3 text-right">Bitrate</th>
                  <th scope="col" className="py-2 pr-3">Codec</th>
                  <th scope="col" className="py-2 pr-3 text-right">FPS</th>
                  <th scope="col" className="py-2">Method</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {history.data.slice(0, shownRows).map((r, i) => (
                  <tr key={`${r.timestamp}-${i}`}>
                    <td className="whitespace-nowrap py-2 pr-3">{formatDate(r.timestamp)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{r.quality_score}</td>
                    <td className="py-2 pr-3">{r.resolution ?? '—'}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{r.bitrate !== null ? `${r.bitrate} kbps` : '—'}</td>
                    <td className="py-2 pr-3">{r.codec ?? '—'}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{r.fps !== null ? r.fps.toFixed(r.fps % 1 === 0 ? 0 : 2) : '—'}</td>
                    <td className="py-2">{r.analysis_method}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {history.data.length > shownRows && (
            <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
              The newest {shownRows} of {history.data.length} samples; the CSV has them all.
            </p>
          )}
        </>
      )}
    </Card>
  );
}
