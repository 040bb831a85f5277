import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Stethoscope } from 'lucide-react';
import { ApiError } from '../../api/client';
import { healthQueryKey, runHealthCheck } from '../../api/health';
import { listProviders, providersQueryKey } from '../../api/providers';
import type { HealthCheckRequest } from '../../api/types';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField } from '../../components/Fields';
import { RunProgress } from '../../components/RunProgress';
import { TextField } from '../../components/TextField';
import { isFinished, useRunPolling } from '../../lib/useRunPolling';

type Scope = 'all' | 'provider' | 'channel' | 'stream';

/** Starts a health check of every live stream, or of one provider's, channel's or stream's, and follows it. */
export function RunHealthCheck() {
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<Scope>('all');
  const [providerId, setProviderId] = useState('');
  const [targetId, setTargetId] = useState('');
  const [runId, setRunId] = useState<string | null>(null);
  const providers = useQuery({
    queryKey: providersQueryKey,
    queryFn: ({ signal }) => listProviders(signal),
    enabled: scope === 'provider',
  });

  const start = useMutation({
    mutationFn: () => {
      const request: HealthCheckRequest = {};
      if (scope === 'provider') request.provider_id = Number(providerId);
      if (scope === 'channel') request.channel_id = Number(targetId);
      if (scope === 'stream') request.stream_id = Number(targetId);
      const missing = scope === 'provider' ? !providerId : scope !== 'all' && !/^\d+$/.test(targetId.trim());
      if (missing) {
        const field = scope === 'provider' ? 'provider_id' : `${scope}_id`;
        return Promise.reject(
          new ApiError(400, { title: 'One or more validation errors occurred.', errors: { [field]: [`Choose the ${scope} to check.`] } }),
        );
      }
      return runHealthCheck(request);
    },
    onMutate: () => setRunId(null),
    onSuccess: (accepted) => setRunId(accepted.run_id),
  });
  const { run, error } = useRunPolling(runId, () => {
    void queryClient.invalidateQueries({ queryKey: healthQueryKey });
    void queryClient.invalidateQueries({ queryKey: ['admin', 'channels'] });
  });
  const running = start.isPending || (runId !== null && !isFinished(run) && !error);
  const fieldErrors = (field: string) => (start.error instanceof ApiError ? start.error.fieldErrors(field) : []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    start.mutate();
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Run a health check" className="grid gap-4">
      <SelectField label="Check" value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
        <option value="all">Every live stream</option>
        <option value="provider">One provider’s streams</option>
        <option value="channel">One channel’s streams</option>
        <option value="stream">One stream</option>
      </SelectField>
      {scope === 'provider' && (
        <SelectField
          label="Provider"
          value={providerId}
          onChange={(e) => setProviderId(e.target.value)}
          errors={fieldErrors('provider_id')}
          hint={providers.isError ? 'The providers could not be loaded.' : undefined}
        >
          <option value="">{providers.isPending ? 'Loading…' : 'Choose a provider'}</option>
          {providers.data?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
      )}
      {(scope === 'channel' || scope === 'stream') && (
        <TextField
          label={scope === 'channel' ? 'Channel id' : 'Stream id'}
          inputMode="numeric"
          value={targetId}
          onChange={(e) => setTargetId(e.target.value)}
          errors={fieldErrors(`${scope}_id`)}
        />
      )}
      {start.isError && <ErrorAlert error={start.error} shownFields={['provider_id', 'channel_id', 'stream_id']} />}
      <div>
        <Button type="submit" busy={running}>
          {!running && <Stethoscope aria-hidden="true" className="size-4" />}
          {running ? 'Checking…' : 'Run check'}
        </Button>
      </div>
      {runId && <RunProgress run={run} error={error} label="Health check" />}
    </form>
  );
}
