import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Play } from 'lucide-react';
import { jobsQueryKey, listJobs, runJob } from '../../api/jobs';
import type { Job } from '../../api/types';
import { Badge, statusTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDate } from '../../lib/format';
import { isFinished, useRunPolling } from '../../lib/useRunPolling';
import { RunProgress } from '../../components/RunProgress';

function JobRow({ job }: { job: Job }) {
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<string | null>(null);
  const start = useMutation({ mutationFn: () => runJob(job.key), onSuccess: (accepted) => setRunId(accepted.run_id) });
  const { run, error } = useRunPolling(runId, () => void queryClient.invalidateQueries({ queryKey: jobsQueryKey }));
  const running = start.isPending || (runId !== null && !isFinished(run) && !error);
  const last = job.last_run;

  return (
    <li className="py-4 first:pt-0 last:pb-0">
      <div className="flex flex-col gap-3 md:flex-row md:items-start md:justify-between">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2">
            <span className="break-all font-medium">{job.description || job.key}</span>
            <Badge tone={statusTone(job.status)}>{job.status}</Badge>
          </p>
          <p className="break-all font-mono text-xs text-slate-500 dark:text-slate-400">{job.key}</p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-slate-600 dark:text-slate-300">
            <dt>Schedule</dt>
            <dd className="font-mono">{job.schedule || '—'}</dd>
            <dt>Next run</dt>
            <dd>{formatDate(job.next_run_at, 'not scheduled')}</dd>
            <dt>Previous run</dt>
            <dd>{formatDate(job.previous_run_at)}</dd>
            {last && (
              <>
                <dt>Last run</dt>
                <dd className="flex flex-wrap items-center gap-1.5">
                  <Badge tone={statusTone(last.status)}>{last.status}</Badge>
                  <span>{formatDate(last.finished_at ?? last.started_at ?? last.queued_at)}</span>
                  {last.message && <span className="break-words text-slate-500 dark:text-slate-400">— {last.message}</span>}
                </dd>
              </>
            )}
          </dl>
        </div>
        <div className="space-y-2 md:w-72 md:shrink-0">
          <Button variant="secondary" busy={running} onClick={() => start.mutate()} aria-label={`Run ${job.description || job.key} now`}>
            {!running && <Play aria-hidden="true" className="size-4" />}
            Run now
          </Button>
          {start.isError && <ErrorAlert error={start.error} />}
          {runId && <RunProgress run={run} error={error} label="Run" />}
        </div>
      </div>
    </li>
  );
}

export function JobsPage() {
  const jobs = useQuery({ queryKey: jobsQueryKey, queryFn: ({ signal }) => listJobs(signal), refetchInterval: 30_000 });
  return (
    <>
      <PageHeader title="Jobs" description="Scheduled background work: provider syncs, EPG refreshes, housekeeping." />
      <Card>
        {jobs.isPending ? (
          <LoadingState label="Loading jobs…" />
        ) : jobs.isError ? (
          <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />
        ) : jobs.data.length === 0 ? (
          <EmptyState title="No jobs" />
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800">
            {jobs.data.map((job) => (
              <JobRow key={job.key} job={job} />
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
