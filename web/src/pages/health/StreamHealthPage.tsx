import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { Stethoscope } from 'lucide-react';
import { healthQueryKey, runHealthCheck } from '../../api/health';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RunProgress } from '../../components/RunProgress';
import { isFinished, useRunPolling } from '../../lib/useRunPolling';
import { QualityHistory } from './QualityHistory';
import { StreamChecks } from './StreamChecks';

/** What a link to this page may say about the stream (there is no API for one stream by id). */
export interface StreamLinkState {
  name?: string;
  providerName?: string;
  channel?: { id: number; name: string };
}

/** /health/streams/:id — one provider stream: check it now, its checks, its quality over time. */
export function StreamHealthPage() {
  const streamId = Number(useParams().id);
  const state = (useLocation().state ?? {}) as StreamLinkState;
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<string | null>(null);
  const check = useMutation({
    mutationFn: () => runHealthCheck({ stream_id: streamId }),
    onMutate: () => setRunId(null),
    onSuccess: (accepted) => setRunId(accepted.run_id),
  });
  const { run, error } = useRunPolling(runId, () => {
    void queryClient.invalidateQueries({ queryKey: healthQueryKey });
    void queryClient.invalidateQueries({ queryKey: ['admin', 'channels'] });
  });
  const running = check.isPending || (runId !== null && !isFinished(run) && !error);

  const title = state.name ? state.name : `Stream ${streamId}`;
  const description = [state.providerName, `stream ${streamId}`].filter(Boolean).join(' · ');

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex flex-wrap gap-x-2 text-sm">
        <Link to="/health" className="text-indigo-700 hover:underline dark:text-indigo-300">
          Health
        </Link>
        {state.channel && (
          <>
            <span aria-hidden="true" className="text-slate-400">/</span>
            <Link to={`/channels/${state.channel.id}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
              {state.channel.name}
            </Link>
          </>
        )}
      </nav>
      <PageHeader title={title} description={description} />
      <div className="grid gap-6 xl:grid-cols-[1fr_24rem] xl:items-start">
        <div className="grid gap-6">
          <QualityHistory streamId={streamId} />
          <StreamChecks streamId={streamId} />
        </div>
        <Card title="Check now">
          <div className="space-y-2">
            <Button busy={running} onClick={() => check.mutate()}>
              {!running && <Stethoscope aria-hidden="true" className="size-4" />}
              {running ? 'Checking…' : 'Check this stream'}
            </Button>
            {check.isError && <ErrorAlert error={check.error} />}
            {runId && <RunProgress run={run} error={error} label="Health check" />}
          </div>
        </Card>
      </div>
    </>
  );
}
