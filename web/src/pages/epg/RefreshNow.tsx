import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RefreshCw } from 'lucide-react';
import { epgQueryKey, nowNextQueryKey, refreshEpgSource } from '../../api/epg';
import type { EpgSource } from '../../api/types';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RunProgress } from '../../components/RunProgress';
import { isFinished, useRunPolling } from '../../lib/useRunPolling';

/** "Refresh now" for one guide source and the live progress of the run it started. */
export function RefreshNow({
  source,
  compact = false,
  startedRunId = null,
}: {
  source: Pick<EpgSource, 'id' | 'name'>;
  compact?: boolean;
  /** A run already started elsewhere (adding a source refreshes it at once) to follow from the start. */
  startedRunId?: string | null;
}) {
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<string | null>(startedRunId);
  const start = useMutation({
    mutationFn: () => refreshEpgSource(source.id),
    onSuccess: (accepted) => setRunId(accepted.run_id),
  });
  const { run, error } = useRunPolling(runId, () => {
    // A refresh changes the source's counts, its history, and (through the automatic mapping) the mappings.
    void queryClient.invalidateQueries({ queryKey: epgQueryKey });
    void queryClient.invalidateQueries({ queryKey: nowNextQueryKey });
  });
  const running = start.isPending || (runId !== null && !isFinished(run) && !error);

  return (
    <div className="space-y-2">
      <Button
        variant={compact ? 'secondary' : 'primary'}
        busy={running}
        onClick={() => start.mutate()}
        aria-label={compact ? `Refresh ${source.name} now` : undefined}
      >
        {!running && <RefreshCw aria-hidden="true" className="size-4" />}
        {running ? 'Refreshing…' : 'Refresh now'}
      </Button>
      {start.isError && <ErrorAlert error={start.error} />}
      {runId && <RunProgress run={run} error={error} label="Refresh" />}
    </div>
  );
}
