import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ChannelDetail, HealthSummary, QualityHistoryRow, StreamCheck } from '../../api/types';
import { fakeApi, json, problem } from '../../test/fakeApi';
import { adminMe, makeJobRun, makeProvider } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const summary: HealthSummary = { alive: 1200, dead: 34, degraded: 7, unknown: 5, channels_all_dead: 2 };

const check = (overrides: Partial<StreamCheck>): StreamCheck => ({
  id: 1,
  stream_id: 55,
  checked_at: '2026-02-01T06:00:00Z',
  ok: true,
  latency_ms: 180,
  http_status: 200,
  reason: null,
  ...overrides,
});

const sample = (overrides: Partial<QualityHistoryRow>): QualityHistoryRow => ({
  timestamp: '2026-02-01T06:00:00Z',
  resolution: '1920x1080',
  bitrate: 5200,
  quality_score: 720,
  codec: 'h264',
  fps: 50,
  analysis_method: 'ffprobe',
  ...overrides,
});

const channel: ChannelDetail = {
  channel: {
    id: 21,
    name: 'Ahlulbayt TV',
    number: null,
    group_title: 'Religious',
    logo: null,
    epg_channel_id: 'AhlulbaytTV.uk',
    enabled: true,
    region: null,
    variant: null,
    stream_count: 1,
    active_stream_count: 1,
  },
  streams: [
    {
      provider_stream_id: 55,
      provider_id: 7,
      provider_name: 'Home playlist',
      name: 'Ahlulbayt TV (404p)',
      quality: 'SD',
      quality_score: 40,
      status: 'alive',
      order: 0,
      is_active: true,
      manual: false,
      merge_method: 'tvg_id',
      merge_confidence: 1,
      success_rate: 0.95,
      avg_first_byte_ms: 180,
      recent_failovers: 0,
      removed: false,
    },
  ],
};

describe('health page', () => {
  it('shows the stream status counts and runs a check of one provider, following it to the end', async () => {
    let summaries = 0;
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/health/summary': () => json(200, summaries++ === 0 ? summary : { ...summary, dead: 35 }),
      'GET /api/admin/providers': () => json(200, [makeProvider({ id: 7, name: 'Home playlist' })]),
      'POST /api/admin/health/check': () => json(202, { run_id: 'h1', job_key: 'health-check', status: 'queued' }),
      'GET /api/admin/jobs/runs/h1': () => json(200, makeJobRun({ id: 'h1', status: 'succeeded', message: '6 streams checked: 5 alive, 1 dead' })),
    });
    renderApp('/health');
    const user = userEvent.setup();

    const status = (await screen.findByRole('heading', { name: 'Stream status' })).closest('section')!;
    expect(await within(status).findByText('1,200')).toBeInTheDocument();
    expect(within(status).getByText('Dead streams').nextSibling).toHaveTextContent('34');
    expect(within(status).getByText('Channels with every stream dead').nextSibling).toHaveTextContent('2');

    const form = screen.getByRole('form', { name: 'Run a health check' });
    await user.selectOptions(within(form).getByLabelText('Check'), 'provider');
    await user.selectOptions(await within(form).findByLabelText('Provider'), 'Home playlist');
    await user.click(within(form).getByRole('button', { name: 'Run check' }));

    expect(await within(form).findByText('6 streams checked: 5 alive, 1 dead')).toBeInTheDocument();
    expect(within(form).getByRole('status')).toHaveTextContent('succeeded');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ provider_id: 7 });
    // The finished run refreshes the counts.
    expect(await within(status).findByText('35')).toBeInTheDocument();
  });

  it('asks for the stream to check, and shows the server’s problem for an unknown channel', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/health/summary': () => json(200, summary),
      'POST /api/admin/health/check': () => problem(404, { title: 'Not Found', detail: 'Channel not found.' }),
    });
    renderApp('/health');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Run a health check' });

    await user.selectOptions(within(form).getByLabelText('Check'), 'stream');
    await user.click(within(form).getByRole('button', { name: 'Run check' }));
    expect(await within(form).findByText('Choose the stream to check.')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.selectOptions(within(form).getByLabelText('Check'), 'channel');
    await user.type(within(form).getByLabelText('Channel id'), '999');
    await user.click(within(form).getByRole('button', { name: 'Run check' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Channel not found.');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ channel_id: 999 });
  });

  it('opens a stream’s history by id', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/health/summary': () => json(200, summary),
      'GET /api/admin/health/streams/55/checks': () => json(200, { items: [], total: 0, page: 1, page_size: 25 }),
      'GET /api/analytics/admin/streams/quality-history/55': () => json(200, []),
    });
    renderApp('/health');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Stream id'), '55');
    await user.click(screen.getByRole('button', { name: 'Open history' }));
    expect(await screen.findByRole('heading', { name: 'Stream 55', level: 1 })).toBeInTheDocument();
    expect(await screen.findByText('Not checked yet')).toBeInTheDocument();
    expect(await screen.findByText('No quality samples in this period')).toBeInTheDocument();
  });
});

describe('stream health page', () => {
  it('is reached from a channel’s stream and shows its checks and quality history with a period and CSV link', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/channels/21': () => json(200, channel),
      'GET /api/admin/health/streams/55/checks': () =>
        json(200, {
          items: [check({ id: 2, ok: false, latency_ms: 5000, http_status: null, reason: 'timeout after 5 s' }), check({ id: 1 })],
          total: 2,
          page: 1,
          page_size: 25,
        }),
      'GET /api/analytics/admin/streams/quality-history/55': ({ url }) =>
        url.includes('days=90')
          ? json(200, [sample({ quality_score: 720 }), sample({ timestamp: '2026-01-01T06:00:00Z', quality_score: 300, resolution: '720x404', bitrate: null, fps: 25, analysis_method: 'name' })])
          : json(200, [sample({})]),
    });
    renderApp('/channels/21');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('link', { name: 'Health and quality of Ahlulbayt TV (404p) (Home playlist)' }));

    expect(await screen.findByRole('heading', { name: 'Ahlulbayt TV (404p)', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('Home playlist · stream 55')).toBeInTheDocument();
    const breadcrumb = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(within(breadcrumb).getByRole('link', { name: 'Ahlulbayt TV' })).toHaveAttribute('href', '/channels/21');

    const checks = await screen.findByRole('table', { name: 'Health checks, newest first' });
    const rows = within(checks).getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByText('failed')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('timeout after 5 s')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('ok')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('180 ms')).toBeInTheDocument();

    const quality = screen.getByRole('heading', { name: 'Quality history' }).closest('section')!;
    const samples = await within(quality).findByRole('table', { name: 'Quality samples, newest first' });
    expect(within(samples).getAllByRole('row')).toHaveLength(2);
    expect(within(quality).getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/api/analytics/admin/streams/quality-history/55?days=7&format=csv',
    );
    await user.selectOptions(within(quality).getByLabelText('Period'), '90');
    await within(quality).findByText('720x404');
    expect(within(samples).getAllByRole('row')).toHaveLength(3);
    expect(within(quality).getByText('5200 kbps')).toBeInTheDocument();
    expect(within(quality).getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/api/analytics/admin/streams/quality-history/55?days=90&format=csv',
    );
    expect(calls.some((c) => c.url === '/api/analytics/admin/streams/quality-history/55?days=90')).toBe(true);
    expect(within(quality).getByText('Last 90 days')).toBeInTheDocument();
  });

  it('shows the problem details of a stream that does not exist', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/health/streams/404/checks': () => problem(404, { title: 'Not Found', detail: 'Stream not found.' }),
      'GET /api/analytics/admin/streams/quality-history/404': () => problem(404, { title: 'Not Found', detail: 'Stream not found.' }),
    });
    renderApp('/health/streams/404');
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    expect(alerts[0]).toHaveTextContent('Stream not found.');
  });

  it('checks the stream now and follows the run', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/health/streams/55/checks': () => json(200, { items: [], total: 0, page: 1, page_size: 25 }),
      'GET /api/analytics/admin/streams/quality-history/55': () => json(200, []),
      'POST /api/admin/health/check': () => json(202, { run_id: 'h2', job_key: 'health-check', status: 'queued' }),
      'GET /api/admin/jobs/runs/h2': () => json(200, makeJobRun({ id: 'h2', status: 'succeeded', message: '1 stream checked: 1 alive' })),
    });
    renderApp('/health/streams/55');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Check this stream' }));
    expect(await screen.findByText('1 stream checked: 1 alive')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ stream_id: 55 });
  });
});
