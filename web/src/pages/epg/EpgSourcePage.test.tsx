import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EpgRefreshLog } from '../../api/types';
import { fakeApi, json, problem } from '../../test/fakeApi';
import { adminMe, makeEpgSource, makeJobRun } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const refresh = (overrides: Partial<EpgRefreshLog> = {}): EpgRefreshLog => ({
  id: 1,
  started_at: '2026-02-01T05:00:00Z',
  status: 'succeeded',
  duration_seconds: 2.5,
  channels: 209,
  programmes: 29705,
  programmes_skipped: 12,
  errors_count: 0,
  error_details: [],
  ...overrides,
});

describe('EPG source page', () => {
  it('shows the overview and the refresh history with problems by line', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/epg/sources/3': () =>
        json(200, makeEpgSource({ channels: 209, programmes: 29705, last_refresh_status: 'rejected', last_refresh_message: 'rejected: nothing in the window' })),
      'GET /api/admin/epg/sources/3/refreshes': () =>
        json(200, {
          items: [
            refresh({ id: 2, status: 'rejected', channels: 0, programmes: 0, errors_count: 1, error_details: [{ line: 0, code: 'rejected', message: 'nothing in the window' }] }),
            refresh({ errors_count: 2, error_details: [{ line: 42, code: 'time', message: 'start is not a time' }, { line: 97, code: 'channel-id', message: 'empty id' }] }),
          ],
          total: 2,
          page: 1,
          page_size: 20,
        }),
    });
    renderApp('/epg/sources/3');
    const user = userEvent.setup();

    expect(await screen.findByRole('heading', { name: 'UK guide', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('209 channels · 29,705 programmes')).toBeInTheDocument();
    expect(screen.getByText('rejected: nothing in the window')).toBeInTheDocument();

    const table = await screen.findByRole('table', { name: 'Refreshes, newest first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('rejected')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('29,705')).toBeInTheDocument();
    await user.click(within(rows[1]!).getByText('2'));
    expect(within(rows[1]!).getByText('start is not a time')).toBeVisible();
    expect(within(rows[1]!).getByText('line 42:')).toBeInTheDocument();
  });

  it('saves settings and shows a refused value next to its field', async () => {
    let saves = 0;
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/epg/sources/3': () => json(200, makeEpgSource()),
      'GET /api/admin/epg/sources/3/refreshes': () => json(200, { items: [], total: 0, page: 1, page_size: 20 }),
      'GET /api/admin/epg/sources': () => json(200, [makeEpgSource()]),
      'PUT /api/admin/epg/sources/3': ({ body }) =>
        saves++ === 0
          ? problem(400, { title: 'One or more validation errors occurred.', errors: { priority: ['priority must be between -1000 and 1000.'] } })
          : json(200, makeEpgSource({ ...(body as object), url: 'https://guide.example/new.xml' })),
    });
    renderApp('/epg/sources/3');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Settings of UK guide' });
    expect(await screen.findByText('Not refreshed yet')).toBeInTheDocument();

    const priority = within(form).getByLabelText('Priority');
    await user.clear(priority);
    await user.type(priority, '5000');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByText('priority must be between -1000 and 1000.')).toBeInTheDocument();
    expect(priority).toHaveAttribute('aria-invalid', 'true');

    await user.clear(priority);
    await user.type(priority, '10');
    await user.type(within(form).getByLabelText('Guide URL'), 'https://guide.example/new.xml');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByText('Saved.')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'PUT')[1]?.body).toEqual({
      name: 'UK guide',
      enabled: true,
      priority: 10,
      url: 'https://guide.example/new.xml',
    });
    expect(screen.getByText('https://guide.example/new.xml')).toBeInTheDocument();
  });

  it('offers no URL field for an uploaded guide', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/epg/sources/3': () => json(200, makeEpgSource({ kind: 'file', url: null })),
      'GET /api/admin/epg/sources/3/refreshes': () => json(200, { items: [], total: 0, page: 1, page_size: 20 }),
    });
    renderApp('/epg/sources/3');
    const form = await screen.findByRole('form', { name: 'Settings of UK guide' });
    expect(within(form).queryByLabelText('Guide URL')).not.toBeInTheDocument();
    expect(screen.getByText('uploaded file')).toBeInTheDocument();
  });

  it('refreshes now and follows the run until it fails with its message', async () => {
    const answers = [makeJobRun({ status: 'running', progress: 'downloading' }), makeJobRun({ status: 'failed', message: 'failed: The source answered HTTP 404 NotFound.' })];
    let polls = 0;
    fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/epg/sources/3': () => json(200, makeEpgSource()),
      'GET /api/admin/epg/sources/3/refreshes': () => json(200, { items: [], total: 0, page: 1, page_size: 20 }),
      'POST /api/admin/epg/sources/3/refresh': () => json(202, { run_id: 'r1', job_key: 'epg-refresh-3', status: 'queued' }),
      'GET /api/admin/jobs/runs/r1': () => json(200, answers[Math.min(polls++, answers.length - 1)]),
    });
    renderApp('/epg/sources/3');
    const user = userEvent.setup();
    const card = (await screen.findByRole('heading', { name: 'Refresh' })).closest('section')!;
    await user.click(within(card).getByRole('button', { name: 'Refresh now' }));
    const status = await within(card).findByRole('status');
    expect(status).toHaveTextContent('downloading');
    await vi.waitFor(() => expect(status).toHaveTextContent('The source answered HTTP 404 NotFound.'), { timeout: 3000 });
    expect(status).toHaveTextContent('failed');
    expect(within(card).getByRole('button', { name: 'Refresh now' })).toBeEnabled();
  });

  it('deletes the source after confirmation and returns to the EPG page', async () => {
    vi.stubGlobal('confirm', vi.fn(() => true));
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/epg/sources/3': () => json(200, makeEpgSource()),
      'GET /api/admin/epg/sources/3/refreshes': () => json(200, { items: [], total: 0, page: 1, page_size: 20 }),
      'DELETE /api/admin/epg/sources/3': () => new Response(null, { status: 204 }),
      'GET /api/admin/epg/sources': () => json(200, []),
      'GET /api/admin/epg/mappings': () => json(200, { items: [], total: 0, page: 1, page_size: 25 }),
      'GET /api/admin/epg/unmapped': () => json(200, { items: [], total: 0, page: 1, page_size: 25 }),
    });
    renderApp('/epg/sources/3');
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('No guide sources yet')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/admin/epg/sources/3')).toBe(true);
  });

  it('shows a 404 problem for a source that does not exist', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/epg/sources/99': () => problem(404, { title: 'Not Found', detail: 'EPG source not found.' }),
    });
    renderApp('/epg/sources/99');
    expect(await screen.findByRole('alert')).toHaveTextContent('EPG source not found.');
    const breadcrumb = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(within(breadcrumb).getByRole('link', { name: 'EPG' })).toHaveAttribute('href', '/epg');
  });
});
