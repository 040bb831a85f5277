import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, json } from '../../test/fakeApi';
import { userMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const history = {
  items: [
    {
      id: 7, channel_id: 3, vod_item_id: null, episode_id: null, title: 'News 24', stream_id: 9,
      started_at: '2026-02-01T18:00:00Z', last_seen_at: '2026-02-01T19:30:00Z', ended_at: '2026-02-01T19:30:00Z',
      duration_seconds: 5400, completed: true, bytes_sent: 1000, client: 'TiviMate', source: 'proxy',
    },
    {
      id: 8, channel_id: null, vod_item_id: 4, episode_id: null, title: 'Some Movie', stream_id: null,
      started_at: '2026-02-02T20:00:00Z', last_seen_at: '2026-02-02T20:10:00Z', ended_at: null,
      duration_seconds: 600, completed: false, bytes_sent: 1000, client: null, source: 'proxy',
    },
  ],
  total: 2,
  page: 1,
  page_size: 20,
};

describe('account', () => {
  it('shows the player addresses with the token, and the Xtream login', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, userMe),
      'GET /api/analytics/history': () => json(200, { items: [], total: 0, page: 1, page_size: 20 }),
    });
    renderApp('/account');
    const origin = window.location.origin;
    expect(await screen.findByLabelText('M3U playlist')).toHaveValue(`${origin}/playlist/${userMe.playback_token}.m3u`);
    expect(screen.getByLabelText('XMLTV guide')).toHaveValue(`${origin}/epg/${userMe.playback_token}.xml`);
    expect(screen.getByLabelText('HDHomeRun tuner (Plex, Jellyfin, Emby)')).toHaveValue(`${origin}/hdhr/${userMe.playback_token}/`);
    const xtream = screen.getByRole('group', { name: /Xtream Codes login/ });
    expect(within(xtream).getByLabelText('Server')).toHaveValue(origin);
    expect(within(xtream).getByLabelText('Username')).toHaveValue(userMe.username);
    expect(within(xtream).getByLabelText('Password')).toHaveValue(userMe.xtream_password);
    expect(await screen.findByText(/Nothing yet/)).toBeInTheDocument();
  });

  it('issues a new Xtream password after confirmation', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, userMe),
      'GET /api/analytics/history': () => json(200, { items: [], total: 0, page: 1, page_size: 20 }),
      'POST /api/me/xtream-password': () => json(200, { xtream_password: 'brand-new-password' }),
    });
    vi.stubGlobal('confirm', vi.fn(() => true));
    renderApp('/account');
    await userEvent.click(await screen.findByRole('button', { name: /New Xtream password/ }));
    expect(await screen.findByText('New password issued.')).toBeInTheDocument();
    expect(screen.getByLabelText('Password')).toHaveValue('brand-new-password');
    expect(calls.filter((c) => c.method === 'POST' && c.url.endsWith('/api/me/xtream-password'))).toHaveLength(1);
  });

  it('lists what the user watched, newest first, with durations', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, userMe),
      'GET /api/analytics/history': () => json(200, history),
    });
    renderApp('/account');
    const card = (await screen.findByText('News 24')).closest('li')!;
    expect(within(card).getByText(/1 h 30 min · completed · TiviMate/)).toBeInTheDocument();
    expect(screen.getByText(/10 min · watching now/)).toBeInTheDocument();
  });
});
