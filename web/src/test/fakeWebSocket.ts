import { act } from '@testing-library/react';

/** A WebSocket a test drives: open(), send(message) and drop() act as the server would. Install with vi.stubGlobal('WebSocket', FakeWebSocket). */
export class FakeWebSocket {
  static instances: FakeWebSocket[] = [];
  readonly url: string;
  onopen: (() => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  closed = false;

  constructor(url: string) {
    this.url = url;
    FakeWebSocket.instances.push(this);
  }

  close() {
    this.closed = true;
  }

  open() {
    act(() => this.onopen?.());
  }

  send(data: unknown) {
    act(() => this.onmessage?.(new MessageEvent('message', { data: typeof data === 'string' ? data : JSON.stringify(data) })));
  }

  drop() {
    act(() => this.onclose?.(new CloseEvent('close', { code: 1006 })));
  }
}
