import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import { FakeWebSocket } from '../../test/fakeWebSocket';
import type { LiveSnapshot } from '../../api/types';
import { backoffDelay, liveSocketUrl } from '../../lib/useLiveSnapshot';
import { fakeApi, json } from '../../test/fakeApi';
import { adminMe, userMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const snapshot: LiveSnapshot = {
  active_viewers: 4,
  most_watched: [
    { id: 1, name: 'News 24', viewers: 2 },
    { id: 2, name: 'Sport 1', viewers: 1 },
    { id: 3, name: 'Movies', viewers: 1 },
    { id: 4, name: 'Kids', viewers: 0 },
    { id: 5, name: 'Music', viewers: 0 },
    { id: 6, name: 'Weather', viewers: 0 },
  ],
  stream_health: { alive: 1200, dead: 34, unknown: 5 },
  timestamp: '2026-11-25T16:00:00Z',
};

describe('live page', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeWebSocket);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows what the socket pushes: viewers, the top five channels and stream health', async () => {
    fakeApi({ 'GET /api/auth/me': () => json(200, adminMe) });
    renderApp('/live');
    expect(await screen.findByRole('heading', { name: 'Live', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('Connecting…')).toBeInTheDocument();

    const socket = FakeWebSocket.instances[0]!;
    expect(socket.url).toMatch(/^ws:\/\/[^/]+\/ws\/analytics\/live$/);
    socket.open();
    expect(screen.getByText('Live', { selector: 'p' })).toBeInTheDocument();
    socket.send(snapshot);

    expect(screen.getByText('Active viewers').nextSibling).toHaveTextContent('4');
    expect(screen.getByText('Alive streams').nextSibling).toHaveTextContent('1,200');
    expect(screen.getByText('Dead streams').nextSibling).toHaveTextContent('34');
    const top = screen.getByRole('list', { name: 'Most watched channels' });
    const items = within(top).getAllByRole('listitem');
    expect(items).toHaveLength(5);
    expect(items[0]).toHaveTextContent('News 24');
    expect(items[0]).toHaveTextContent('2 viewers');
    expect(within(top).getByRole('link', { name: 'News 24' })).toHaveAttribute('href', '/channels/1');
    expect(within(top).queryByText('Weather')).not.toBeInTheDocument();

    socket.send('not json');
    socket.send({ ...snapshot, active_viewers: 5 });
    expect(screen.getByText('Active viewers').nextSibling).toHaveTextContent('5');
  });

  it('reconnects with a growing pause after the socket closes, and closes it on leaving', async () => {
    fakeApi({ 'GET /api/auth/me': () => json(200, adminMe) });
    const { unmount } = renderApp('/live');
    await screen.findByRole('heading', { name: 'Live', level: 1 });
    vi.useFakeTimers();

    FakeWebSocket.instances[0]!.open();
    FakeWebSocket.instances[0]!.drop();
    expect(screen.getByText('Disconnected, reconnecting in 1 s')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(999));
    expect(FakeWebSocket.instances).toHaveLength(1);
    act(() => vi.advanceTimersByTime(1));
    expect(FakeWebSocket.instances).toHaveLength(2);

    FakeWebSocket.instances[1]!.drop();
    expect(screen.getByText('Disconnected, reconnecting in 2 s')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(2000));
    expect(FakeWebSocket.instances).toHaveLength(3);

    // A snapshot resets the pause.
    FakeWebSocket.instances[2]!.open();
    FakeWebSocket.instances[2]!.send(snapshot);
    FakeWebSocket.instances[2]!.drop();
    expect(screen.getByText('Disconnected, reconnecting in 1 s')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(1000));
    const last = FakeWebSocket.instances[3]!;

    unmount();
    expect(last.closed).toBe(true);
    act(() => vi.advanceTimersByTime(60_000));
    expect(FakeWebSocket.instances).toHaveLength(4);
  });

  it('builds the socket address from the page’s protocol and caps the pause', () => {
    expect(liveSocketUrl({ protocol: 'https:', host: 'tv.example:8443' })).toBe('wss://tv.example:8443/ws/analytics/live');
    expect(liveSocketUrl({ protocol: 'http:', host: 'localhost:5173' })).toBe('ws://localhost:5173/ws/analytics/live');
    expect([0, 1, 2, 3, 4, 5, 6].map(backoffDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('is not offered to other users', async () => {
    fakeApi({ 'GET /api/auth/me': () => json(200, userMe) });
    renderApp('/');
    expect(await screen.findByRole('link', { name: 'Guide' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Live' })).not.toBeInTheDocument();
  });
});
