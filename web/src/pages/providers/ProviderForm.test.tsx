import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, json, problem } from '../../test/fakeApi';
import { adminMe, makeProvider } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import type { ProviderTestResult } from '../../api/types';

describe('provider form', () => {
  it('shows the field errors of a 400 problem next to their inputs', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'POST /api/admin/providers': () =>
        problem(400, {
          title: 'One or more validation errors occurred.',
          errors: {
            url: ['url must be an absolute http(s) URL.'],
            max_removal_percent: ['max_removal_percent must be between 1 and 100.'],
            something_else: ['A message no field shows.'],
          },
        }),
    });
    renderApp('/providers/new');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Add provider' });
    await user.type(within(form).getByLabelText('Name'), 'My list');
    await user.type(within(form).getByLabelText('Playlist URL'), 'not a url');
    await user.click(within(form).getByRole('button', { name: 'Add provider' }));

    expect(await within(form).findByText('url must be an absolute http(s) URL.')).toBeInTheDocument();
    expect(within(form).getByLabelText('Playlist URL')).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText('Max removal %')).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByText('max_removal_percent must be between 1 and 100.')).toBeInTheDocument();
    const alert = within(form).getByRole('alert');
    expect(alert).toHaveTextContent('One or more validation errors occurred.');
    expect(alert).toHaveTextContent('A message no field shows.');
    expect(alert).not.toHaveTextContent('url must be an absolute');

    const body = calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      name: 'My list',
      kind: 'm3u_url',
      url: 'not a url',
      enabled: true,
      sync_interval_minutes: 60,
      include_groups: [],
      max_removal_percent: 50,
    });
  });

  it('tests an Xtream connection and renders counts, groups, problems and the account', async () => {
    const result: ProviderTestResult = {
      ok: true,
      error: null,
      live: 1234,
      vod: 56,
      series: 7,
      groups: [
        { name: 'News', count: 800 },
        { name: 'Sports', count: 434 },
      ],
      problems: [{ line: 12, code: 'missing_url', message: 'entry without a stream URL' }],
      account: { status: 'Active', expires_at: '2027-03-01T00:00:00Z', max_connections: 2, active_connections: 1, is_trial: true },
    };
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'POST /api/admin/providers/test': () => json(200, result),
    });
    renderApp('/providers/new');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Add provider' });
    await user.click(within(form).getByLabelText('Xtream'));
    await user.type(within(form).getByLabelText('Server URL'), 'http://xt.example:8080');
    await user.type(within(form).getByLabelText('Username'), 'joe');
    await user.type(within(form).getByLabelText('Password'), 'secret');
    await user.type(within(form).getByLabelText('Include groups'), 'News, Sport.*{enter}Movies');
    await user.click(within(form).getByRole('button', { name: 'Test connection' }));

    const section = await screen.findByRole('region', { name: 'Connection test result' });
    expect(within(section).getByText('Connection works.')).toBeInTheDocument();
    expect(within(section).getByText('1,234')).toBeInTheDocument();
    expect(within(section).getByText('Sports').closest('li')).toHaveTextContent('434');
    expect(within(section).getByText('Groups (2)')).toBeInTheDocument();
    expect(within(section).getByText(/entry without a stream URL/).closest('li')).toHaveTextContent('Line 12');
    expect(within(section).getByText('Active')).toBeInTheDocument();
    expect(within(section).getByText('trial')).toBeInTheDocument();
    expect(within(section).getByText('1 active of 2 allowed')).toBeInTheDocument();
    expect(within(section).getByText(/2027/)).toBeInTheDocument();

    expect(calls.find((c) => c.url === '/api/admin/providers/test')?.body).toEqual({
      kind: 'xtream',
      url: 'http://xt.example:8080',
      username: 'joe',
      password: 'secret',
      include_groups: ['News', 'Sport.*', 'Movies'],
      exclude_groups: [],
    });
  });

  it('shows a failed connection test as an alert', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'POST /api/admin/providers/test': () =>
        json(200, { ok: false, error: 'HTTP 403 from provider', live: 0, vod: 0, series: 0, groups: [], problems: [], account: null }),
    });
    renderApp('/providers/new');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Add provider' });
    await user.type(within(form).getByLabelText('Playlist URL'), 'https://x.test/a.m3u');
    await user.click(within(form).getByRole('button', { name: 'Test connection' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Connection failed: HTTP 403 from provider');
  });

  it('uploads a playlist file, then saves the other settings and opens the provider', async () => {
    const created = makeProvider({ id: 9, name: 'Upload', kind: 'm3u_file', url: null });
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'POST /api/admin/providers/upload': () => json(201, created),
      'PUT /api/admin/providers/9': () => json(200, created),
      'GET /api/admin/providers/9': () => json(200, created),
      'GET /api/admin/providers/9/syncs': () => json(200, { items: [], total: 0, page: 1, page_size: 20 }),
    });
    renderApp('/providers/new');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Add provider' });
    await user.click(within(form).getByLabelText('Upload file'));
    expect(within(form).getByRole('button', { name: 'Test connection' })).toBeDisabled();
    await user.type(within(form).getByLabelText('Name'), 'Upload');
    const file = new File(['#EXTM3U\n'], 'list.m3u', { type: 'audio/x-mpegurl' });
    await user.upload(within(form).getByLabelText('Playlist file'), file);
    await user.click(within(form).getByRole('button', { name: 'Add provider' }));

    expect(await screen.findByRole('heading', { name: 'Upload', level: 1 })).toBeInTheDocument();
    const upload = calls.find((c) => c.url === '/api/admin/providers/upload')!.body as FormData;
    expect(upload.get('name')).toBe('Upload');
    expect((upload.get('file') as File).name).toBe('list.m3u');
    const put = calls.find((c) => c.method === 'PUT')!.body as Record<string, unknown>;
    expect(put).not.toHaveProperty('kind');
    expect(put).toMatchObject({ import_live: true, sync_interval_minutes: 60 });
  });
});
