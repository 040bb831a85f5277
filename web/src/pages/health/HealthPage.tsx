import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { getHealthSummary, healthSummaryQueryKey } from '../../api/health';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { TextField } from '../../components/TextField';
import { formatCount } from '../../lib/format';
import { RunHealthCheck } from './RunHealthCheck';

function Tile({ label, value, tone }: { label: string; value: number; tone: string }) {
  return (
    <li className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <p className="text-sm font-medium text-slate-500 dark:text-slate-400">{label}</p>
      <p className={`mt-2 text-3xl font-semibold tabular-nums ${tone}`}>{formatCount(value)}</p>
    </li>
  );
}

/** Opens the check and quality history of one stream by its id. */
function StreamLookup() {
  const navigate = useNavigate();
  const [id, setId] = useState('');
  const valid = /^\d+$/.test(id.trim());
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (valid) void navigate(`/health/streams/${id.trim()}`);
  };
  return (
    <form onSubmit={submit} aria-label="Open a stream" className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start">
      <TextField
        label="Stream id"
        inputMode="numeric"
        hint="A provider stream’s id; a channel’s page links to each of its streams."
        value={id}
        onChange={(e) => setId(e.target.value)}
      />
      <Button type="submit" variant="secondary" disabled={!valid} className="sm:mt-6">
        Open history
      </Button>
    </form>
  );
}

/** /health — stream status counts, a manual health check, and the way to one stream's history. */
export function HealthPage() {
  const summary = useQuery({ queryKey: healthSummaryQueryKey, queryFn: ({ signal }) => getHealthSummary(signal), refetchInterval: 30_000 });

  return (
    <>
      <PageHeader title="Health" description="Which streams answer with real video, and how good they are over time." />
      <div className="grid gap-6">
        <Card title="Stream status">
          {summary.isPending ? (
            <LoadingState label="Loading stream status…" />
          ) : summary.isError ? (
            <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
          ) : (
            <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" aria-busy={summary.isFetching || undefined}>
              <Tile label="Alive streams" value={summary.data.alive} tone="text-emerald-700 dark:text-emerald-400" />
              <Tile label="Degraded streams (black, frozen, silent)" value={summary.data.degraded} tone="text-amber-700 dark:text-amber-400" />
              <Tile label="Dead streams" value={summary.data.dead} tone="text-red-700 dark:text-red-400" />
              <Tile label="Not checked yet" value={summary.data.unknown} tone="text-slate-700 dark:text-slate-300" />
              <Tile label="Channels with every stream dead" value={summary.data.channels_all_dead} tone="text-amber-700 dark:text-amber-400" />
            </ul>
          )}
        </Card>
        <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
          <Card title="Run a health check">
            <RunHealthCheck />
          </Card>
          <Card title="Stream history">
            <StreamLookup />
          </Card>
        </div>
      </div>
    </>
  );
}
