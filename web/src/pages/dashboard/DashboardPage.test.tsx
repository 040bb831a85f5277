import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import type { LiveSnapshot, MyStats, NotificationPage } from '../../api/types';
import { fakeApi, json, problem } from '../../test/fakeApi';
import { FakeWebSocket } from '../../test/fakeWebSocket';
import { adminMe, makeProvider, userMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { sortByLastSync } from './DashboardPage';

const snapshot: LiveSnapshot = {
  active_viewers: 3,
  most_watched: [],
  stream_health: { alive: 1200, dead: 34, unknown: 5 },
  timestamp: '2026-11-25T16:00:00Z',
};

const unreadPage = (unread: number): NotificationPage => ({ items: [], total: unread, unread, page: 1, page_size: 1 });

const providers = [
  makeProvider({ id: 1, name: 'Never', last_sync_at: null, last_sync_status: null }),
  makeProvider({ id: 2, name: 'Old', last_sync_at: '2026-11-20T10:00:00Z', last_sync_status: 'succeeded' }),
  makeProvider({ id: 3, name: 'Broken', last_sync_at: '2026-11-25T09:00:00Z', last_sync_status: 'failed', last_sync_message: 'HTTP 503 from the provider' }),
];

describe('dashboard', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeWebSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows counts, live viewers and stream health, unread notifications and the last sync of each provider to an admin', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/providers': () => json(200, providers),
      'GET /api/admin/channels': () => json(200, { items: [], total: 1234, page: 1, page_size: 1 }),
      'GET /api/admin/notifications': () => json(200, unreadPage(7)),
    });
    renderApp('/');

    expect(await screen.findByLabelText('Providers: 3')).toBeInTheDocument();
    expect(screen.getByText('1 with a failed last sync')).toBeInTheDocument();
    expect(await screen.findByLabelText('Channels: 1,234')).toBeInTheDocument();
    expect(await screen.findByLabelText('Unread notifications: 7')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Unread notifications' })).toHaveAttribute('href', '/notifications');

    // Before the first snapshot the live cards say they are loading; then they show the pushed numbers.
    expect(screen.getByLabelText('Active viewers: loading')).toBeInTheDocument();
    const socket = FakeWebSocket.instances.at(-1)!;
    expect(socket.url).toMatch(/\/ws\/analytics\/live$/);
    socket.open();
    socket.send(snapshot);
    expect(screen.getByLabelText('Active viewers: 3')).toBeInTheDocument();
    expect(screen.getByLabelText('Streams alive: 1,200')).toBeInTheDocument();
    expect(screen.getByText('34 dead, 5 not checked yet')).toBeInTheDocument();

    const syncs = screen.getByRole('list', { name: 'Last sync per provider' });
    const rows = within(syncs).getAllByRole('listitem');
    expect(rows.map((r) => within(r).getByRole('link').textContent)).toEqual(['Broken', 'Old', 'Never']);
    expect(within(rows[0]!).getByText('failed')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('HTTP 503 from the provider')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('never synced')).toBeInTheDocument();
    expect(within(rows[0]!).getByRole('link', { name: 'Broken' })).toHaveAttribute('href', '/providers/3');

    // A dropped socket keeps the last numbers and says it is reconnecting.
    expect(screen.getByText('live')).toBeInTheDocument();
    socket.drop();
    expect(screen.getByLabelText('Active viewers: 3')).toBeInTheDocument();
    expect(screen.getByText('disconnected, reconnecting')).toBeInTheDocument();
  });

  it('explains a card whose API failed and offers an empty state without providers', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/providers': () => json(200, []),
      'GET /api/admin/channels': () => json(200, { items: [], total: 0, page: 1, page_size: 1 }),
      'GET /api/admin/notifications': () => problem(500, { title: 'The database is unavailable.' }),
    });
    renderApp('/');
    expect(await screen.findByLabelText('Unread notifications: not available')).toBeInTheDocument();
    expect(screen.getByText('The database is unavailable.')).toBeInTheDocument();
    expect(await screen.findByText('No providers yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Add a provider' })).toHaveAttribute('href', '/providers/new');
    FakeWebSocket.instances.at(-1)!.drop();
    expect(screen.getByLabelText('Active viewers: not available')).toBeInTheDocument();
  });

  it('shows a user their own viewing and nothing of the admin cards', async () => {
    const mine: MyStats = {
      days: 30,
      totals: { sessions: 9, hours: 12.25, completed: 2, active_users: 1, channels_watched: 4 },
      top_channels: [{ id: 5, kind: 'live', name: 'News 24', sessions: 6, hours: 8 }],
      top_vod: [],
      daily: [],
    };
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, userMe),
      'GET /api/analytics/stats': () => json(200, mine),
    });
    renderApp('/');
    expect(await screen.findByLabelText('Hours watched: 12.3')).toBeInTheDocument();
    expect(screen.getByLabelText('Channels watched: 4')).toBeInTheDocument();
    expect(screen.getByText('most: News 24')).toBeInTheDocument();
    expect(screen.queryByText('Unread notifications')).not.toBeInTheDocument();
    expect(screen.queryByText('Last syncs')).not.toBeInTheDocument();
    expect(FakeWebSocket.instances).toHaveLength(0);
    expect(calls.some((c) => c.url.startsWith('/api/admin/'))).toBe(false);
  });
});

describe('sortByLastSync', () => {
  it('puts the most recent sync first and never-synced providers last, by name', () => {
    const sorted = sortByLastSync([
      makeProvider({ id: 1, name: 'b', last_sync_at: null }),
      makeProvider({ id: 2, name: 'a', last_sync_at: null }),
      makeProvider({ id: 3, name: 'c', last_sync_at: '2026-01-01T00:00:00Z' }),
      makeProvider({ id: 4, name: 'd', last_sync_at: '2026-02-01T00:00:00Z' }),
    ]);
    expect(sorted.map((p) => p.name)).toEqual(['d', 'c', 'a', 'b']);
  });
});
