import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, json, problem } from '../../test/fakeApi';
import { renderApp } from '../../test/render';
import type { Me } from '../../api/types';

const admin: Me = {
  id: '1',
  username: 'admin',
  email: null,
  roles: ['admin'],
  enabled: true,
  two_factor_enabled: false,
  playback_token: 'tok',
  xtream_password: 'xtream-pass-1234',
  created_at: '2026-01-01T00:00:00Z',
};

const anonymous = () => problem(401, { title: 'Unauthorized' });

async function fillAndSubmit(username: string, password: string) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('Username'), username);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  return user;
}

describe('login form', () => {
  it('shows the first-run hint about the generated admin password', async () => {
    fakeApi({ 'GET /api/auth/me': anonymous });
    renderApp('/login');
    expect(await screen.findByText(/On first start the server printed a generated admin password in its console/)).toBeInTheDocument();
  });

  it('posts the credentials and opens the dashboard', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': anonymous,
      'POST /api/auth/login': () => json(200, admin),
    });
    renderApp('/login');
    await fillAndSubmit('admin', 's3cret!');

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    const login = calls.find((c) => c.method === 'POST');
    expect(login?.url).toBe('/api/auth/login');
    expect(login?.body).toEqual({ username: 'admin', password: 's3cret!' });
  });

  it("shows the problem detail's text on 401 and stays on the form", async () => {
    fakeApi({
      'GET /api/auth/me': anonymous,
      'POST /api/auth/login': () => problem(401, { title: 'Unauthorized', detail: 'Invalid username or password.' }),
    });
    renderApp('/login');
    await fillAndSubmit('admin', 'wrong');

    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid username or password.');
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('shows the lockout message the server sends', async () => {
    fakeApi({
      'GET /api/auth/me': anonymous,
      'POST /api/auth/login': () =>
        problem(401, { title: 'Unauthorized', detail: 'The account is temporarily locked. Try again later.' }),
    });
    renderApp('/login');
    await fillAndSubmit('admin', 'wrong');
    expect(await screen.findByRole('alert')).toHaveTextContent('The account is temporarily locked.');
  });

  it('asks for the authenticator code when the server requires two factors', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': anonymous,
      'POST /api/auth/login': ({ body }) =>
        (body as { two_factor_code?: string }).two_factor_code === '123456'
          ? json(200, admin)
          : problem(401, { title: 'Unauthorized', detail: 'Enter the code from your authenticator app.', requires_two_factor: true }),
    });
    renderApp('/login');
    const user = await fillAndSubmit('admin', 'right');

    await user.type(await screen.findByLabelText('Authenticator code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({
      username: 'admin',
      password: 'right',
      two_factor_code: '123456',
    });
  });
});
