import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FlaskConical, Hammer } from 'lucide-react';
import { buildLibrary, dryRunLibrary, getLibraryStatus, libraryQueryKey, libraryStatusQueryKey } from '../../api/library';
import type { LibraryReport, LibraryStatus } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RunProgress } from '../../components/RunProgress';
import { ErrorState, LoadingState } from '../../components/States';
import { formatCount, formatDate } from '../../lib/format';
import { isFinished, useRunPolling } from '../../lib/useRunPolling';

function Tile({ label, value }: { label: string; value: number }) {
  return (
    <li className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <p className="text-xs font-medium text-slate-500 dark:text-slate-400">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{formatCount(value)}</p>
    </li>
  );
}

function Problems({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
      <p className="font-medium">Problems</p>
      <ul className="mt-1 list-disc space-y-1 break-words pl-4">
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

function StatusView({ status }: { status: LibraryStatus }) {
  const last = status.last_run;
  return (
    <>
      <dl className="mb-4 grid gap-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium text-slate-500 dark:text-slate-400">Folder</dt>
        <dd className="break-all font-mono">{status.root}</dd>
        <dt className="font-medium text-slate-500 dark:text-slate-400">Base URL</dt>
        <dd>{status.base_url_configured ? <Badge tone="green">configured</Badge> : <Badge tone="red">not set</Badge>}</dd>
        <dt className="font-medium text-slate-500 dark:text-slate-400">Last build</dt>
        <dd>
          {last ? (
            <>
              {formatDate(last.finished_at)} <Badge tone={last.succeeded ? 'green' : 'red'}>{last.succeeded ? 'succeeded' : 'failed'}</Badge>
              <span className="block text-slate-600 dark:text-slate-300">
                {last.added} added, {last.changed} changed, {last.removed} removed, {last.unchanged} unchanged
              </span>
            </>
          ) : (
            'never'
          )}
        </dd>
      </dl>
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        <Tile label="Movies" value={status.counts.movies} />
        <Tile label="Series" value={status.counts.series} />
        <Tile label="Episodes" value={status.counts.episodes} />
        <Tile label="Files" value={status.counts.files} />
        <Tile label="Pending removal" value={status.counts.pending_removal} />
      </ul>
      <Problems problems={status.problems} />
    </>
  );
}

function PathList({ title, count, paths }: { title: string; count: number; paths: string[] }) {
  return (
    <details className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <summary className="cursor-pointer text-sm font-medium">
        {title}: {formatCount(count)}
      </summary>
      {paths.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500 dark:text-slate-400">None.</p>
      ) : (
        <ul className="mt-2 max-h-64 space-y-1 overflow-auto break-all font-mono text-xs">
          {paths.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {paths.length < count && <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">The first {paths.length} of {formatCount(count)}.</p>}
    </details>
  );
}

function DryRunReport({ report }: { report: LibraryReport }) {
  return (
    <section aria-label="Dry run result" className="space-y-3">
      <p className="text-sm">
        A build now would add <strong>{formatCount(report.added)}</strong>, change <strong>{formatCount(report.changed)}</strong> and remove{' '}
        <strong>{formatCount(report.removed)}</strong> files ({formatCount(report.unchanged)} unchanged, {formatCount(report.pending_removal)} pending removal).
      </p>
      <PathList title="Added" count={report.added} paths={report.added_paths} />
      <PathList title="Changed" count={report.changed} paths={report.changed_paths} />
      <PathList title="Removed" count={report.removed} paths={report.removed_paths} />
      <Problems problems={report.problems} />
    </section>
  );
}

function Build() {
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<string | null>(null);
  const start = useMutation({ mutationFn: buildLibrary, onSuccess: (accepted) => setRunId(accepted.run_id) });
  const dryRun = useMutation({ mutationFn: dryRunLibrary });
  const { run, error } = useRunPolling(runId, () => void queryClient.invalidateQueries({ queryKey: libraryQueryKey }));
  const running = start.isPending || (runId !== null && !isFinished(run) && !error);

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Writes a .strm and .nfo file for every movie and episode; a dry run only says what a build would change.
      </p>
      <div className="flex flex-wrap gap-3">
        <Button busy={running} onClick={() => start.mutate()}>
          {!running && <Hammer aria-hidden="true" className="size-4" />}
          {running ? 'Building…' : 'Build now'}
        </Button>
        <Button variant="secondary" busy={dryRun.isPending} onClick={() => dryRun.mutate()}>
          {!dryRun.isPending && <FlaskConical aria-hidden="true" className="size-4" />}
          Dry run
        </Button>
      </div>
      {start.isError && <ErrorAlert error={start.error} />}
      {runId && <RunProgress run={run} error={error} label="Library build" />}
      {dryRun.isError && <ErrorAlert error={dryRun.error} />}
      {dryRun.isSuccess && <DryRunReport report={dryRun.data} />}
    </div>
  );
}

/** /library — the .strm/.nfo library on disk: what it holds, build it now, or see what a build would change. */
export function LibraryPage() {
  const status = useQuery({ queryKey: libraryStatusQueryKey, queryFn: ({ signal }) => getLibraryStatus(signal) });
  return (
    <>
      <PageHeader title="Library" description="The .strm and .nfo files media servers read for movies and series." />
      <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
        <Card title="Status">
          {status.isPending ? (
            <LoadingState label="Loading library status…" />
          ) : status.isError ? (
            <ErrorState error={status.error} onRetry={() => void status.refetch()} />
          ) : (
            <StatusView status={status.data} />
          )}
        </Card>
        <Card title="Build">
          <Build />
        </Card>
      </div>
    </>
  );
}
