import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EpgMapping, EpgMappingStats, Page, UnmappedChannel } from '../../api/types';
import { fakeApi, json, problem } from '../../test/fakeApi';
import { adminMe, makeEpgSource, makeJobRun } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const page = <T,>(items: T[], total = items.length): Page<T> => ({ items, total, page: 1, page_size: 25 });

const mapping = (overrides: Partial<EpgMapping> = {}): EpgMapping => ({
  channel_id: 11,
  channel_name: 'BBC One',
  epg_id: 'ch11.bbc1',
  epg_channel_id: 101,
  source_id: 3,
  xmltv_id: 'bbc1.uk',
  guide_name: 'BBC One HD',
  method: 'tvg_id',
  score: 100,
  shift_minutes: 0,
  manual: false,
  ...overrides,
});

const unmapped = (overrides: Partial<UnmappedChannel> = {}): UnmappedChannel => ({
  channel_id: 12,
  name: '4Music',
  number: 4,
  group_title: 'Music',
  epg_channel_id: '4Music.uk',
  reason: 'no guide channel found',
  suggestions: [],
  ...overrides,
});

const stats: EpgMappingStats = { channels: 6, manual: 1, by_tvg_id: 2, by_name: 1, by_fuzzy: 0, unmapped: 2 };

/** The routes every render of /epg asks for. */
function epgRoutes(overrides: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /api/auth/me': () => json(200, adminMe),
    'GET /api/admin/epg/sources': () => json(200, []),
    'GET /api/admin/epg/mappings': () => json(200, page<EpgMapping>([])),
    'GET /api/admin/epg/unmapped': () => json(200, page<UnmappedChannel>([])),
    ...overrides,
  });
}

describe('EPG page', () => {
  it('lists guide sources with kind, masked URL, counts and last refresh, plus mapped and unmapped channels', async () => {
    epgRoutes({
      'GET /api/admin/epg/sources': () =>
        json(200, [
          makeEpgSource({
            channels: 1234,
            programmes: 56789,
            last_refresh_status: 'succeeded',
            last_refresh_at: '2026-02-01T05:00:00Z',
            last_refresh_message: '1234 channels, 56789 programmes kept',
          }),
          makeEpgSource({ id: 4, name: 'Xt guide', kind: 'provider_xtream', url: 'http://xt.example/xmltv.php?username=***', enabled: false, last_refresh_status: 'failed' }),
        ]),
      'GET /api/admin/epg/mappings': () => json(200, page([mapping(), mapping({ channel_id: 13, channel_name: 'Dave', guide_name: 'Dave', method: 'fuzzy', score: 92.4, shift_minutes: -60 })])),
      'GET /api/admin/epg/unmapped': () => json(200, page([unmapped()], 7)),
    });
    renderApp('/epg');

    expect(await screen.findByRole('heading', { name: 'EPG', level: 1 })).toBeInTheDocument();
    const row = (await screen.findByRole('link', { name: 'UK guide' })).closest('li')!;
    expect(within(row).getByText('URL')).toBeInTheDocument();
    expect(within(row).getByText('https://guide.example/epg.xml.gz?username=***&password=***')).toBeInTheDocument();
    expect(within(row).getByText(/1,234 channels · 56,789 programmes/)).toBeInTheDocument();
    expect(within(row).getByText('succeeded')).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Refresh UK guide now' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'UK guide' })).toHaveAttribute('href', '/epg/sources/3');

    const other = screen.getByRole('link', { name: 'Xt guide' }).closest('li')!;
    expect(within(other).getByText('From Xtream provider')).toBeInTheDocument();
    expect(within(other).getByText('disabled')).toBeInTheDocument();
    expect(within(other).getByText('failed')).toBeInTheDocument();

    const mapped = screen.getByRole('region', { name: /Mapped channels/ });
    expect(await within(mapped).findByText('BBC One HD')).toBeInTheDocument();
    expect(within(mapped).getByText('tvg_id')).toBeInTheDocument();
    expect(within(mapped).getByText('fuzzy 92%')).toBeInTheDocument();
    expect(within(mapped).getByText('shift -60 min')).toBeInTheDocument();

    const missing = screen.getByRole('region', { name: 'Channels without guide data (7)' });
    expect(within(missing).getByText('4Music')).toBeInTheDocument();
    expect(within(missing).getByText(/no guide channel found/)).toBeInTheDocument();
  });

  it('shows the server’s validation errors next to the fields when adding a guide by URL', async () => {
    const { calls } = epgRoutes({
      'POST /api/admin/epg/sources': () =>
        problem(400, {
          title: 'One or more validation errors occurred.',
          errors: { url: ['url must be an absolute http(s) URL of at most 2000 characters.'], priority: ['priority must be between -1000 and 1000.'] },
        }),
    });
    renderApp('/epg');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Add guide' });
    await user.type(within(form).getByLabelText('Name'), 'Bad');
    await user.type(within(form).getByLabelText('Guide URL'), 'ftp://nope');
    await user.click(within(form).getByRole('button', { name: 'Add guide' }));

    const url = within(form).getByLabelText('Guide URL');
    expect(await within(form).findByText('url must be an absolute http(s) URL of at most 2000 characters.')).toBeInTheDocument();
    expect(url).toHaveAttribute('aria-invalid', 'true');
    // A field without an input of its own is listed in the alert, with the problem's title.
    const alert = within(form).getByRole('alert');
    expect(alert).toHaveTextContent('One or more validation errors occurred.');
    expect(alert).toHaveTextContent('priority must be between -1000 and 1000.');
    expect(alert).not.toHaveTextContent('url must be');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Bad', url: 'ftp://nope' });
    // Nothing was added, so no refresh was started.
    expect(calls.some((c) => c.url.includes('/refresh'))).toBe(false);
  });

  it('uploads a guide file, starts its first refresh and follows it to the end', async () => {
    let sources = [] as ReturnType<typeof makeEpgSource>[];
    let polls = 0;
    const { calls } = epgRoutes({
      'GET /api/admin/epg/sources': () => json(200, sources),
      'POST /api/admin/epg/sources/upload': () => {
        sources = [makeEpgSource({ id: 9, name: 'Test guide', kind: 'file', url: null })];
        return json(201, sources[0]);
      },
      'POST /api/admin/epg/sources/9/refresh': () => json(202, { run_id: 'run-9', job_key: 'epg-refresh-9', status: 'queued' }),
      'GET /api/admin/jobs/runs/run-9': () => {
        polls++;
        sources = [makeEpgSource({ id: 9, name: 'Test guide', kind: 'file', url: null, channels: 3, programmes: 1, last_refresh_status: 'succeeded' })];
        return json(200, makeJobRun({ id: 'run-9', status: 'succeeded', message: '3 channels, 1 programmes kept, 3 outside the window' }));
      },
    });
    renderApp('/epg');
    const user = userEvent.setup();
    expect(await screen.findByText('No guide sources yet')).toBeInTheDocument();

    const form = screen.getByRole('form', { name: 'Add guide' });
    await user.click(within(form).getByText('Upload file'));
    await user.type(within(form).getByLabelText('Name'), 'Test guide');
    const file = new File(['<tv></tv>'], 'guide.xml', { type: 'application/xml' });
    await user.upload(within(form).getByLabelText('Guide file'), file);
    await user.click(within(form).getByRole('button', { name: 'Add guide' }));

    expect(await screen.findByText('Added Test guide and started its first refresh; its progress is shown in the list.')).toBeInTheDocument();
    const upload = calls.find((c) => c.url === '/api/admin/epg/sources/upload')!;
    expect(upload.body).toBeInstanceOf(FormData);
    expect((upload.body as FormData).get('name')).toBe('Test guide');
    expect(((upload.body as FormData).get('file') as File).name).toBe('guide.xml');

    const row = (await screen.findByRole('link', { name: 'Test guide' })).closest('li')!;
    const progress = within(row).getByRole('status');
    expect(progress).toHaveTextContent('succeeded');
    expect(progress).toHaveTextContent('3 channels, 1 programmes kept');
    expect(await within(row).findByText(/3 channels · 1 programme\b/)).toBeInTheDocument();
    expect(polls).toBe(1);
  });

  it('asks for a file before uploading', async () => {
    const { calls } = epgRoutes();
    renderApp('/epg');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Add guide' });
    await user.click(within(form).getByText('Upload file'));
    await user.type(within(form).getByLabelText('Name'), 'No file');
    await user.click(within(form).getByRole('button', { name: 'Add guide' }));
    expect(await within(form).findByText('Choose a guide file to upload.')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('maps a channel by hand through the searchable guide channel picker', async () => {
    let mapped = false;
    const { calls } = epgRoutes({
      'GET /api/admin/epg/unmapped': () => json(200, page(mapped ? [] : [unmapped()])),
      'GET /api/admin/epg/mappings': () =>
        json(200, page(mapped ? [mapping({ channel_id: 12, channel_name: '4Music', guide_name: 'Current Channel', xmltv_id: 'channel.current', method: 'manual', manual: true })] : [])),
      'GET /api/admin/epg/channels': ({ url }) => {
        const search = new URL(url, 'http://localhost').searchParams.get('search') ?? '';
        const all = [
          { id: 201, source_id: 9, xmltv_id: 'channel.current', display_name: 'Current Channel', display_names: ['Current Channel'], icon: null, programmes: 1 },
          { id: 202, source_id: 9, xmltv_id: 'channel.past', display_name: 'Past Channel', display_names: ['Past Channel'], icon: null, programmes: 0 },
        ];
        return json(200, page(all.filter((c) => c.display_name.toLowerCase().includes(search.toLowerCase()))));
      },
      'PUT /api/admin/epg/mappings/12': () => {
        mapped = true;
        return json(200, mapping({ channel_id: 12, channel_name: '4Music', guide_name: 'Current Channel', method: 'manual', manual: true }));
      },
    });
    renderApp('/epg');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Choose a guide channel for 4Music' }));
    const picker = screen.getByRole('group', { name: 'Choose a guide channel for 4Music' });
    const search = within(picker).getByLabelText('Find guide channel');
    expect(search).toHaveValue('4Music');
    expect(await within(picker).findByText('No guide channel matches “4Music”.')).toBeInTheDocument();

    await user.clear(search);
    await user.type(search, 'current');
    await user.click(await within(picker).findByRole('button', { name: 'Map 4Music to Current Channel' }));

    expect(await screen.findByText('Mapped 4Music to Current Channel.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ epg_channel_id: 201 });
    const list = screen.getByRole('region', { name: /Mapped channels/ });
    expect(await within(list).findByText('Current Channel')).toBeInTheDocument();
    expect(within(list).getByText('manual')).toBeInTheDocument();
    expect(await screen.findByText('Every channel has guide data')).toBeInTheDocument();
  });

  it('maps a channel with one click on a suggestion and shows a refused mapping’s problem', async () => {
    epgRoutes({
      'GET /api/admin/epg/unmapped': () =>
        json(200, page([unmapped({ suggestions: [{ epg_channel_id: 301, source_id: 3, xmltv_id: '4music.uk', display_name: '4 Music', score: 87.5 }] })])),
      'PUT /api/admin/epg/mappings/12': () => problem(404, { title: 'Not Found', detail: 'Channel not found.' }),
    });
    renderApp('/epg');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Map 4Music to 4 Music (88% similar)' }));
    const missing = screen.getByRole('region', { name: /Channels without guide data/ });
    expect(await within(missing).findByRole('alert')).toHaveTextContent('Channel not found.');
  });

  it('removes a mapping and reports the automatic mapping that ran again', async () => {
    const { calls } = epgRoutes({
      'GET /api/admin/epg/mappings': () => json(200, page([mapping()])),
      'DELETE /api/admin/epg/mappings/11': () => json(200, stats),
    });
    renderApp('/epg');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Remove mapping BBC One → BBC One HD' }));
    expect(
      await screen.findByText(
        'Removed the mapping of BBC One; the automatic mapping ran again. 6 channels: 3 mapped automatically (2 by tvg-id, 1 by name, 0 fuzzy), 1 by hand, 2 without a guide channel.',
      ),
    ).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/admin/epg/mappings/11')).toBe(true);
  });

  it('runs the automatic mapping and shows its counts, or its problem', async () => {
    let fail = true;
    epgRoutes({
      'POST /api/admin/epg/mappings/auto': () =>
        fail ? problem(503, { title: 'Service Unavailable', detail: 'The database is busy; try again.' }) : json(200, stats),
    });
    renderApp('/epg');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Map automatically' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is busy; try again.');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Map automatically' }));
    expect(await screen.findByText(/^Automatic mapping done\. 6 channels: 3 mapped automatically/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows the problem when the sources cannot be loaded', async () => {
    epgRoutes({ 'GET /api/admin/epg/sources': () => problem(500, { title: 'Internal Server Error', detail: 'Database is locked.' }) });
    renderApp('/epg');
    const sources = (await screen.findByRole('heading', { name: 'Guide sources' })).closest('section')!;
    expect(await within(sources).findByRole('alert')).toHaveTextContent('Database is locked.');
    expect(within(sources).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
