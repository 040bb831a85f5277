import { CircleCheck, CircleX, LoaderCircle } from 'lucide-react';
import type { JobRun } from '../api/types';
import { Badge, statusTone } from './Badge';
import { ErrorAlert } from './ErrorAlert';

/** The live state of a job run: status, the job's progress text while it runs, its final message. */
export function RunProgress({ run, error, label = 'Sync' }: { run: JobRun | null; error: unknown; label?: string }) {
  const status = run?.status ?? 'queued';
  const finished = status === 'succeeded' || status === 'failed';
  const Icon = status === 'succeeded' ? CircleCheck : status === 'failed' ? CircleX : LoaderCircle;
  return (
    <div className="space-y-2">
      <div
        role="status"
        aria-live="polite"
        className="flex items-start gap-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm dark:border-slate-700 dark:bg-slate-800/50"
      >
        <Icon
          aria-hidden="true"
          className={`mt-0.5 size-4 shrink-0 ${finished ? (status === 'succeeded' ? 'text-emerald-600' : 'text-red-600') : 'animate-spin text-sky-600'}`}
        />
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{label}</span>
            <Badge tone={statusTone(status)}>{status}</Badge>
          </p>
          {!finished && run?.progress && <p className="break-words text-slate-600 dark:text-slate-300">{run.progress}</p>}
          {finished && run?.message && <p className="break-words text-slate-600 dark:text-slate-300">{run.message}</p>}
        </div>
      </div>
      {Boolean(error) && <ErrorAlert error={error} />}
    </div>
  );
}
