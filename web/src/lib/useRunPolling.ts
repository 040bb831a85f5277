import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { getJobRun } from '../api/providers';
import type { JobRun } from '../api/types';

export const isFinished = (run: JobRun | null | undefined) => run?.status === 'succeeded' || run?.status === 'failed';

/** How many failed polls in a row (network, 5xx) are tolerated before giving up. */
const maxTransientFailures = 3;

/**
 * Polls a job run (`GET /api/admin/jobs/runs/{id}`) right away and then every `intervalMs` until it
 * has succeeded or failed. `onFinished` is called once with the final run.
 */
export function useRunPolling(runId: string | null, onFinished?: (run: JobRun) => void, intervalMs = 1000) {
  const [run, setRun] = useState<JobRun | null>(null);
  const [error, setError] = useState<unknown>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    setRun(null);
    setError(null);
    if (!runId) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;

    const poll = async () => {
      try {
        const next = await getJobRun(runId, controller.signal);
        if (controller.signal.aborted) return;
        failures = 0;
        setRun(next);
        if (isFinished(next)) {
          finished.current?.(next);
          return;
        }
      } catch (caught) {
        if (controller.signal.aborted) return;
        const transient = !(caught instanceof ApiError) || caught.status === 0 || caught.status >= 500;
        if (!transient || ++failures > maxTransientFailures) {
          setError(caught);
          return;
        }
      }
      timer = setTimeout(() => void poll(), intervalMs);
    };
    void poll();

    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [runId, intervalMs]);

  return { run, error };
}
