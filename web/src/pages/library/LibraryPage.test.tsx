import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { LibraryReport, LibraryStatus } from '../../api/types';
import { fakeApi, json, problem } from '../../test/fakeApi';
import { adminMe, makeJobRun, userMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const status: LibraryStatus = {
  root: '/data/library',
  base_url_configured: true,
  counts: { movies: 120, series: 8, episodes: 340, files: 930, pending_removal: 2 },
  last_run: {
    started_at: '2026-11-25T03:00:00Z',
    finished_at: '2026-11-25T03:01:00Z',
    succeeded: true,
    added: 5,
    changed: 1,
    removed: 0,
    unchanged: 924,
    pending_removal: 2,
    message: null,
  },
  problems: ['Movie 17 has no stream URL.'],
};

const report: LibraryReport = {
  dry_run: true,
  root: '/data/library',
  movies: 121,
  series: 8,
  episodes: 340,
  added: 2,
  changed: 1,
  removed: 1,
  unchanged: 927,
  pending_removal: 0,
  added_paths: ['Movies/Heat (1995)/Heat (1995).strm', 'Movies/Heat (1995)/Heat (1995).nfo'],
  changed_paths: ['TV Shows/Dark/tvshow.nfo'],
  removed_paths: ['Movies/Gone (2012)/Gone (2012).strm'],
  problems: [],
  duration_seconds: 0.4,
};

describe('library page', () => {
  it('shows the status, builds now following the run, and refreshes the status', async () => {
    let statuses = 0;
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/library/status': () => json(200, statuses++ === 0 ? status : { ...status, counts: { ...status.counts, movies: 121 } }),
      'POST /api/admin/library/build': () => json(202, { run_id: 'l1', job_key: 'library-build', status: 'queued' }),
      'GET /api/admin/jobs/runs/l1': () => json(200, makeJobRun({ id: 'l1', status: 'succeeded', message: '2 added, 0 changed, 0 removed' })),
    });
    renderApp('/library');
    const user = userEvent.setup();

    const card = (await screen.findByRole('heading', { name: 'Status' })).closest('section')!;
    expect(await within(card).findByText('/data/library')).toBeInTheDocument();
    expect(within(card).getByText('Movies').nextSibling).toHaveTextContent('120');
    expect(within(card).getByText('Pending removal').nextSibling).toHaveTextContent('2');
    expect(within(card).getByText('5 added, 1 changed, 0 removed, 924 unchanged')).toBeInTheDocument();
    expect(within(card).getByText('Movie 17 has no stream URL.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Build now' }));
    expect(await screen.findByText('2 added, 0 changed, 0 removed')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('succeeded');
    expect(calls.find((c) => c.method === 'POST')?.url).toBe('/api/admin/library/build');
    expect(await within(card).findByText('121')).toBeInTheDocument();
  });

  it('shows what a dry run would add, change and remove', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/library/status': () => json(200, status),
      'POST /api/admin/library/build': () => json(200, report),
    });
    renderApp('/library');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Dry run' }));

    const result = await screen.findByRole('region', { name: 'Dry run result' });
    expect(result).toHaveTextContent('A build now would add 2, change 1 and remove 1 files');
    expect(within(result).getByText('Added: 2')).toBeInTheDocument();
    await user.click(within(result).getByText('Removed: 1'));
    expect(within(result).getByText('Movies/Gone (2012)/Gone (2012).strm')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.url).toBe('/api/admin/library/build?dry_run=true');
  });

  it('shows the server’s problem when a dry run cannot plan', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/library/status': () => json(200, { ...status, base_url_configured: false, last_run: null, problems: [] }),
      'POST /api/admin/library/build': () => problem(409, { title: 'Conflict', detail: 'Library:BaseUrl (or PublicUrl) is not set.' }),
    });
    renderApp('/library');
    const user = userEvent.setup();
    expect(await screen.findByText('not set')).toBeInTheDocument();
    expect(screen.getByText('never')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Dry run' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Library:BaseUrl (or PublicUrl) is not set.');
  });

  it('is not offered to other users', async () => {
    fakeApi({ 'GET /api/auth/me': () => json(200, userMe) });
    renderApp('/');
    expect(await screen.findByRole('link', { name: 'Guide' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Library' })).not.toBeInTheDocument();
  });
});
