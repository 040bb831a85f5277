import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, json } from '../../test/fakeApi';
import { adminMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import type { Job } from '../../api/types';

const job: Job = {
  key: 'housekeeping',
  description: 'Housekeeping',
  schedule: '0 30 3 * * ?',
  next_run_at: '2026-03-02T03:30:00Z',
  previous_run_at: null,
  status: 'idle',
  last_run: null,
};

describe('jobs page', () => {
  it('lists jobs and runs one now, showing the run result', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/jobs': () => json(200, [job]),
      'POST /api/admin/jobs/housekeeping/run': () => json(202, { run_id: 'r9', job_key: 'housekeeping', status: 'queued' }),
      'GET /api/admin/jobs/runs/r9': () =>
        json(200, {
          id: 'r9', job_key: 'housekeeping', status: 'succeeded', triggered_by: 'manual:admin', queued_at: '2026-03-01T00:00:00Z',
          started_at: '2026-03-01T00:00:00Z', finished_at: '2026-03-01T00:00:01Z', progress: null, message: 'removed 3 old runs',
        }),
    });
    renderApp('/jobs');
    const user = userEvent.setup();
    const row = (await screen.findByText('Housekeeping')).closest('li')!;
    expect(within(row).getByText('0 30 3 * * ?')).toBeInTheDocument();
    expect(within(row).getByText('idle')).toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: 'Run Housekeeping now' }));
    expect(await within(row).findByText('removed 3 old runs')).toBeInTheDocument();
    expect(within(row).getByRole('status')).toHaveTextContent('succeeded');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });
});
