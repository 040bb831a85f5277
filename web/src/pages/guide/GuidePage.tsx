import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getNowNext, nowNextQueryKey } from '../../api/epg';
import type { NowNext, Programme } from '../../api/types';
import { Card } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatShortDate, formatTime } from '../../lib/format';

const pageSize = 50;

/** The clock time for a time today, with the date for any other day. */
function when(value: string, now: number): string {
  return new Date(value).toDateString() === new Date(now).toDateString() ? formatTime(value) : formatShortDate(value);
}

/** How far into a programme we are, 0–100, or null when it has no end. */
function elapsedPercent(programme: Programme, now: number): number | null {
  if (!programme.stop) return null;
  const start = Date.parse(programme.start);
  const stop = Date.parse(programme.stop);
  if (!(stop > start)) return null;
  return Math.min(100, Math.max(0, Math.round(((now - start) / (stop - start)) * 100)));
}

function NowCell({ programme, now }: { programme: Programme | null; now: number }) {
  if (!programme) return <span className="text-slate-500 dark:text-slate-400">No programme information</span>;
  const percent = elapsedPercent(programme, now);
  return (
    <div className="min-w-0 space-y-1">
      <p className="break-words font-medium">{programme.title}</p>
      {programme.sub_title && <p className="break-words text-xs text-slate-600 dark:text-slate-300">{programme.sub_title}</p>}
      <p className="text-xs tabular-nums text-slate-500 dark:text-slate-400">
        {when(programme.start, now)}
        {programme.stop ? `–${when(programme.stop, now)}` : ''}
      </p>
      {percent !== null && (
        <div
          role="progressbar"
          aria-label={`${programme.title}: elapsed`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="h-1.5 w-full max-w-xs overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
        >
          <div className="h-full bg-indigo-500" style={{ width: `${percent}%` }} />
        </div>
      )}
    </div>
  );
}

function NextCell({ programme, now }: { programme: Programme | null; now: number }) {
  if (!programme) return <span className="text-slate-500 dark:text-slate-400">—</span>;
  return (
    <p className="break-words">
      <span className="mr-1 text-xs tabular-nums text-slate-500 dark:text-slate-400">{when(programme.start, now)}</span>
      {programme.title}
    </p>
  );
}

function Row({ item, now }: { item: NowNext; now: number }) {
  return (
    <li className="grid gap-2 py-3 first:pt-0 last:pb-0 sm:grid-cols-[12rem_1fr_1fr] sm:gap-4">
      <p className="break-words text-sm font-semibold">
        {item.number !== null && <span className="mr-1.5 tabular-nums text-slate-500 dark:text-slate-400">{item.number}</span>}
        {item.name}
      </p>
      <div className="text-sm">
        <span className="text-xs font-medium uppercase text-slate-500 sm:sr-only dark:text-slate-400">Now: </span>
        <NowCell programme={item.now} now={now} />
      </div>
      <div className="text-sm">
        <span className="text-xs font-medium uppercase text-slate-500 sm:sr-only dark:text-slate-400">Next: </span>
        <NextCell programme={item.next} now={now} />
      </div>
    </li>
  );
}

/** /guide — what is on now and next on every enabled channel, for every signed-in user. */
export function GuidePage() {
  const [page, setPage] = useState(1);
  const guide = useQuery({
    queryKey: [...nowNextQueryKey, page],
    queryFn: ({ signal }) => getNowNext(page, pageSize, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const now = guide.dataUpdatedAt || Date.now();

  return (
    <>
      <PageHeader title="Guide" description="What is on now and next, in channel order." />
      <Card>
        {guide.isPending ? (
          <LoadingState label="Loading the guide…" />
        ) : guide.isError ? (
          <ErrorState error={guide.error} onRetry={() => void guide.refetch()} />
        ) : guide.data.items.length === 0 ? (
          <EmptyState title="No channels yet" />
        ) : (
          <>
            <div className="mb-2 hidden grid-cols-[12rem_1fr_1fr] gap-4 text-xs font-medium uppercase text-slate-500 sm:grid dark:text-slate-400" aria-hidden="true">
              <span>Channel</span>
              <span>Now</span>
              <span>Next</span>
            </div>
            <ul aria-label="Now and next" className="divide-y divide-slate-200 dark:divide-slate-800" aria-busy={guide.isFetching || undefined}>
              {guide.data.items.map((item) => (
                <Row key={item.channel_id} item={item} now={now} />
              ))}
            </ul>
            <Pager label="Guide pages" page={page} total={guide.data.total} pageSize={pageSize} onPage={setPage} />
          </>
        )}
      </Card>
    </>
  );
}
