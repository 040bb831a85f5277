import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, json, problem } from '../test/fakeApi';
import { renderApp } from '../test/render';
import type { Me, Page, User } from '../api/types';

const me = (roles: string[]): Me => ({
  id: '1',
  username: roles.includes('admin') ? 'admin' : 'viewer',
  email: null,
  roles,
  enabled: true,
  two_factor_enabled: false,
  playback_token: 'tok',
  xtream_password: 'xtream-pass-1234',
  created_at: '2026-01-01T00:00:00Z',
});

const noUsers: Page<User> = { items: [], total: 0, page: 1, page_size: 25 };

describe('route guarding', () => {
  it.each(['/', '/account', '/users'])('sends an anonymous visitor of %s to /login', async (path) => {
    fakeApi({ 'GET /api/auth/me': () => problem(401, { title: 'Unauthorized' }) });
    renderApp(path);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();
  });

  it('returns to the page asked for after signing in', async () => {
    fakeApi({
      'GET /api/auth/me': () => problem(401, { title: 'Unauthorized' }),
      'POST /api/auth/login': () => json(200, me(['admin'])),
      'GET /api/admin/users': () => json(200, noUsers),
    });
    renderApp('/users');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Users' })).toBeInTheDocument();
    expect(await screen.findByText('No users yet')).toBeInTheDocument();
  });

  it('shows the dashboard shell to a signed-in user', async () => {
    fakeApi({ 'GET /api/auth/me': () => json(200, me(['user'])) });
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('href', '/');
    expect(within(nav).getByRole('link', { name: 'Account' })).toBeInTheDocument();
  });

  it('hides the Users link from non-admins and refuses the page', async () => {
    fakeApi({ 'GET /api/auth/me': () => json(200, me(['user'])) });
    renderApp('/users');
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
  });

  it('shows the Users link to admins', async () => {
    fakeApi({ 'GET /api/auth/me': () => json(200, me(['admin'])) });
    renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Users' })).toHaveAttribute('href', '/users');
  });

  it('sends the person to /login when the session ends while using the app', async () => {
    let signedIn = true;
    fakeApi({
      'GET /api/auth/me': () => (signedIn ? json(200, me(['admin'])) : problem(401, { title: 'Unauthorized' })),
      'GET /api/admin/users': () => {
        signedIn = false;
        return problem(401, { title: 'Unauthorized' });
      },
    });
    renderApp('/users');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('offers a retry when the session check fails for another reason', async () => {
    let fail = true;
    fakeApi({
      'GET /api/auth/me': () => (fail ? problem(503, { title: 'Service Unavailable', detail: 'Database is starting.' }) : json(200, me(['user']))),
    });
    renderApp('/');
    expect(await screen.findByRole('alert')).toHaveTextContent('Database is starting.');
    fail = false;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
  });
});
