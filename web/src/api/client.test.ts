import { describe, expect, it, vi } from 'vitest';
import { api, ApiError, errorMessage, parseProblem } from './client';
import { fakeApi, json, problem } from '../test/fakeApi';

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('api client', () => {
  it('uses the problem detail text as the error message', async () => {
    fakeApi({
      'POST /api/auth/login': () =>
        problem(401, { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2', title: 'Unauthorized', detail: 'Invalid username or password.' }),
    });
    const error = await failure(api('/api/auth/login', { method: 'POST', body: { username: 'a', password: 'b' } }));
    expect(error.status).toBe(401);
    expect(error.message).toBe('Invalid username or password.');
    expect(error.problem.title).toBe('Unauthorized');
  });

  it('falls back to the title when there is no detail', async () => {
    fakeApi({ 'GET /api/admin/users': () => problem(403, { title: 'Forbidden' }) });
    const error = await failure(api('/api/admin/users'));
    expect(error.message).toBe('Forbidden');
  });

  it('exposes validation errors by field, whatever the casing of the key', async () => {
    fakeApi({
      'PUT /api/me/password': () =>
        problem(400, {
          title: 'One or more validation errors occurred.',
          errors: { new_password: ['Passwords must be at least 12 characters.'], CurrentPassword: ['Required.'] },
        }),
    });
    const error = await failure(api('/api/me/password', { method: 'PUT', body: {} }));
    expect(error.status).toBe(400);
    expect(error.fieldErrors('new_password')).toEqual(['Passwords must be at least 12 characters.']);
    expect(error.fieldErrors('current_password')).toEqual(['Required.']);
    expect(error.fieldErrors('username')).toEqual([]);
  });

  it('reads the requires_two_factor extension', async () => {
    fakeApi({
      'POST /api/auth/login': () => problem(401, { title: 'Unauthorized', detail: 'A two-factor code is required.', requires_two_factor: true }),
    });
    const error = await failure(api('/api/auth/login', { method: 'POST', body: {} }));
    expect(error.requiresTwoFactor).toBe(true);
  });

  it('copes with an error body that is not JSON', async () => {
    fakeApi({
      'GET /api/auth/me': () =>
        new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }),
    });
    const error = await failure(api('/api/auth/me'));
    expect(error.status).toBe(502);
    expect(error.message).toBe('Bad Gateway');
  });

  it('says so when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const error = await failure(api('/api/auth/me'));
    expect(error.status).toBe(0);
    expect(errorMessage(error)).toBe('Could not reach the server.');
  });

  it('sends JSON with the same-origin cookie and returns the parsed body', async () => {
    const { calls } = fakeApi({ 'POST /api/admin/users': () => json(201, { id: '7', username: 'bob' }) });
    const user = await api<{ id: string }>('/api/admin/users', { method: 'POST', body: { username: 'bob' } });
    expect(user.id).toBe('7');
    const init = calls[0]!.init!;
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(calls[0]!.body).toEqual({ username: 'bob' });
  });

  it('returns undefined for 204 and sends no content type without a body', async () => {
    const { calls } = fakeApi({ 'POST /api/auth/logout': () => new Response(null, { status: 204 }) });
    await expect(api('/api/auth/logout', { method: 'POST' })).resolves.toBeUndefined();
    expect((calls[0]!.init!.headers as Record<string, string>)['Content-Type']).toBeUndefined();
  });

  it('parseProblem keeps the response status when the body has none', async () => {
    const parsed = await parseProblem(
      new Response(JSON.stringify({ title: 'Conflict', detail: 'Username taken.' }), {
        status: 409,
        headers: { 'Content-Type': 'application/problem+json' },
      }),
    );
    expect(parsed).toMatchObject({ status: 409, title: 'Conflict', detail: 'Username taken.' });
  });
});

describe('api client with an unexpected success body', () => {
  it('reports HTML where JSON was expected instead of crashing', async () => {
    fakeApi({ 'GET /api/auth/me': () => new Response('<!doctype html><html></html>', { status: 200, headers: { 'Content-Type': 'text/html' } }) });
    const error = await api('/api/auth/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('Unexpected response from the server.');
  });
});
