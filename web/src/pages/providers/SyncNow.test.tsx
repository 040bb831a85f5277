import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../../api/queryClient';
import type { JobRun } from '../../api/types';
import { fakeApi, json } from '../../test/fakeApi';
import { SyncNow } from './SyncNow';

const run = (overrides: Partial<JobRun>): JobRun => ({
  id: 'r1',
  job_key: 'provider-sync.7',
  status: 'queued',
  triggered_by: 'manual:admin',
  queued_at: '2026-01-01T00:00:00Z',
  started_at: null,
  finished_at: null,
  progress: null,
  message: null,
  ...overrides,
});

/** Lets timers (polling, TanStack's notify batching) and the promises they start run. */
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

afterEach(() => vi.useRealTimers());

describe('sync now', () => {
  it('polls the run every second, shows progress, then the final message, and stops', async () => {
    vi.useFakeTimers();
    const answers = [
      run({ status: 'queued' }),
      run({ status: 'running', progress: 'fetching' }),
      run({ status: 'running', progress: 'comparing 6 live, 0 movies, 0 series' }),
      run({ status: 'succeeded', progress: 'writing changes and merging channels', message: '6 channels added' }),
    ];
    let polls = 0;
    const { calls } = fakeApi({
      'POST /api/admin/providers/7/sync': () => json(202, { run_id: 'r1', job_key: 'provider-sync.7', status: 'queued' }),
      'GET /api/admin/jobs/runs/r1': () => json(200, answers[Math.min(polls++, answers.length - 1)]),
    });
    const queryClient = createQueryClient();
    render(
      <QueryClientProvider client={queryClient}>
        <SyncNow provider={{ id: 7, name: 'Home' }} />
      </QueryClientProvider>,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await advance(0);
    // The first poll goes out at once.
    expect(polls).toBe(1);
    expect(screen.getByRole('status')).toHaveTextContent('queued');
    expect(screen.getByRole('button', { name: 'Syncing…' })).toBeDisabled();

    await advance(999);
    expect(polls).toBe(1);
    await advance(1);
    expect(polls).toBe(2);
    expect(screen.getByRole('status')).toHaveTextContent('running');
    expect(screen.getByRole('status')).toHaveTextContent('fetching');

    await advance(1000);
    expect(polls).toBe(3);
    expect(screen.getByRole('status')).toHaveTextContent('comparing 6 live, 0 movies, 0 series');

    await advance(1000);
    expect(polls).toBe(4);
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('succeeded');
    expect(status).toHaveTextContent('6 channels added');
    expect(status).not.toHaveTextContent('writing changes');

    // Finished: no more polling, and the button is back.
    await advance(5000);
    expect(polls).toBe(4);
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeEnabled();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('shows a failed run with its message', async () => {
    vi.useFakeTimers();
    let polls = 0;
    fakeApi({
      'POST /api/admin/providers/7/sync': () => json(202, { run_id: 'r2', job_key: 'provider-sync.7', status: 'queued' }),
      'GET /api/admin/jobs/runs/r2': () =>
        json(200, polls++ === 0 ? run({ id: 'r2', status: 'running', progress: 'fetching' }) : run({ id: 'r2', status: 'failed', message: 'HTTP 404 from provider' })),
    });
    render(
      <QueryClientProvider client={createQueryClient()}>
        <SyncNow provider={{ id: 7, name: 'Home' }} />
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await advance(0);
    expect(screen.getByRole('status')).toHaveTextContent('fetching');
    await advance(1000);
    expect(screen.getByRole('status')).toHaveTextContent('failed');
    expect(screen.getByRole('status')).toHaveTextContent('HTTP 404 from provider');
    await advance(3000);
    expect(polls).toBe(2);
  });
});
