import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RefreshCw } from 'lucide-react';
import { providersQueryKey, syncProvider } from '../../api/providers';
import type { Provider } from '../../api/types';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isFinished, useRunPolling } from '../../lib/useRunPolling';
import { RunProgress } from '../../components/RunProgress';

/** "Sync now" and the live progress of the run it started. */
export function SyncNow({ provider, compact = false }: { provider: Pick<Provider, 'id' | 'name'>; compact?: boolean }) {
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => syncProvider(provider.id),
    onSuccess: (accepted) => setRunId(accepted.run_id),
  });
  const { run, error } = useRunPolling(runId, () => {
    void queryClient.invalidateQueries({ queryKey: providersQueryKey });
    void queryClient.invalidateQueries({ queryKey: ['analytics'] });
    void queryClient.invalidateQueries({ queryKey: ['admin', 'channels'] });
  });
  const running = start.isPending || (runId !== null && !isFinished(run) && !error);

  return (
    <div className="space-y-2">
      <Button
        variant={compact ? 'secondary' : 'primary'}
        busy={running}
        onClick={() => start.mutate()}
        aria-label={compact ? `Sync ${provider.name} now` : undefined}
      >
        {!running && <RefreshCw aria-hidden="true" className="size-4" />}
        {running ? 'Syncing…' : 'Sync now'}
      </Button>
      {start.isError && <ErrorAlert error={start.error} />}
      {runId && <RunProgress run={run} error={error} />}
    </div>
  );
}
