import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, json, problem } from '../../test/fakeApi';
import { renderApp } from '../../test/render';
import type { Me, Page, User } from '../../api/types';

const admin: Me = {
  id: 'a1',
  username: 'admin',
  email: null,
  roles: ['admin'],
  enabled: true,
  two_factor_enabled: false,
  playback_token: 'tok',
  xtream_password: 'xtream-pass-1234',
  created_at: '2026-01-01T00:00:00Z',
};

const bob: User = {
  id: 'b2',
  username: 'bob',
  email: 'bob@example.test',
  roles: ['user'],
  enabled: true,
  two_factor_enabled: false,
  locked_out_until: null,
  created_at: '2026-01-02T00:00:00Z',
  last_login_at: null,
};

const page = (items: User[]): Page<User> => ({ items, total: items.length, page: 1, page_size: 25 });

describe('users page', () => {
  it('lists users and disables one', async () => {
    let users = [bob];
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, admin),
      'GET /api/admin/users': () => json(200, page(users)),
      'PUT /api/admin/users/b2': ({ body }) => {
        users = [{ ...bob, ...(body as Partial<User>) }];
        return json(200, users[0]);
      },
    });
    renderApp('/users');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Disable bob' }));
    expect(await screen.findByRole('button', { name: 'Enable bob' })).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ enabled: false });
  });

  it('shows the server field errors when creating a user fails validation', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, admin),
      'GET /api/admin/users': () => json(200, page([])),
      'POST /api/admin/users': () =>
        problem(400, {
          title: 'One or more validation errors occurred.',
          errors: { password: ['Passwords must be at least 12 characters.'] },
        }),
    });
    renderApp('/users');
    expect(await screen.findByText('No users yet')).toBeInTheDocument();
    const form = screen.getByRole('heading', { name: 'Create user' }).closest('section')!;
    const user = userEvent.setup();
    await user.type(within(form).getByLabelText('Username'), 'carol');
    await user.type(within(form).getByLabelText('Password'), 'short');
    await user.selectOptions(within(form).getByLabelText('Role'), 'admin');
    await user.click(within(form).getByRole('button', { name: 'Create user' }));

    expect(await within(form).findByText('Passwords must be at least 12 characters.')).toBeInTheDocument();
    expect(within(form).getByRole('alert')).toHaveTextContent('One or more validation errors occurred.');
    expect(within(form).getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
  });
});
