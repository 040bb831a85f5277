import { vi } from 'vitest';

export interface Call {
  method: string;
  url: string;
  body: unknown;
  init: RequestInit | undefined;
}

type Handler = (call: Call) => Response | Promise<Response>;

export const json = (status: number, body: unknown, contentType = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });

export const problem = (status: number, body: Record<string, unknown>) =>
  json(status, { status, ...body }, 'application/problem+json');

/**
 * Replaces fetch with a route table ("METHOD /path" → handler). Unknown routes answer 404 so a
 * test fails loudly instead of hanging. Calls are recorded for assertions.
 */
export function fakeApi(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const body =
      typeof init?.body === 'string'
        ? (JSON.parse(init.body) as unknown)
        : init?.body instanceof FormData
          ? init.body
          : undefined;
    const call = { method, url, body, init };
    calls.push(call);
    const path = new URL(url, 'http://localhost').pathname;
    const handler = routes[`${method} ${path}`];
    return handler ? handler(call) : problem(404, { title: 'Not Found' });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}
