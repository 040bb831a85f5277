import { useEffect, useState } from 'react';
import type { LiveSnapshot } from '../api/types';

export type LiveState = 'connecting' | 'open' | 'closed';

/** The wait before reconnect attempt `attempt` (0-based): 1 s, 2 s, 4 s … capped at 30 s. */
export const backoffDelay = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);

/** The live socket's address on this origin: ws: for http pages, wss: for https ones. */
export function liveSocketUrl(location: Pick<Location, 'protocol' | 'host'> = window.location) {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws/analytics/live`;
}

function isSnapshot(value: unknown): value is LiveSnapshot {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<LiveSnapshot>;
  return typeof v.active_viewers === 'number' && Array.isArray(v.most_watched) && typeof v.stream_health === 'object' && v.stream_health !== null;
}

/**
 * Follows /ws/analytics/live: the latest snapshot the server pushed, and the socket's state. A closed socket
 * (server restart, network, the proxy) is opened again after a growing pause; a snapshot resets the pause.
 */
export function useLiveSnapshot() {
  const [snapshot, setSnapshot] = useState<LiveSnapshot | null>(null);
  const [state, setState] = useState<LiveState>('connecting');
  const [retryInMs, setRetryInMs] = useState<number | null>(null);

  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;

    const connect = () => {
      setState('connecting');
      setRetryInMs(null);
      const current = new WebSocket(liveSocketUrl());
      socket = current;
      current.onopen = () => {
        if (socket === current) setState('open');
      };
      current.onmessage = (event: MessageEvent) => {
        if (socket !== current || typeof event.data !== 'string') return;
        try {
          const parsed: unknown = JSON.parse(event.data);
          if (isSnapshot(parsed)) {
            attempt = 0;
            setSnapshot(parsed);
          }
        } catch {
          // Not a snapshot: ignore it.
        }
      };
      current.onclose = () => {
        if (socket !== current || stopped) return;
        socket = null;
        const delay = backoffDelay(attempt++);
        setState('closed');
        setRetryInMs(delay);
        timer = setTimeout(connect, delay);
      };
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      const open = socket;
      socket = null;
      open?.close();
    };
  }, []);

  return { snapshot, state, retryInMs };
}
