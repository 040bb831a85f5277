import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AlertRule, Notification, NotificationPage, Webhook } from '../../api/types';
import { fakeApi, json, problem } from '../../test/fakeApi';
import { adminMe, userMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const notification = (overrides: Partial<Notification>): Notification => ({
  id: 1,
  incident_id: 10,
  event: 'opened',
  rule: 'provider_sync_failed',
  subject: 'provider:7',
  severity: 'critical',
  title: 'Home playlist: sync failed',
  message: 'The last 3 syncs failed: HTTP 503.',
  created_at: '2026-11-25T10:00:00Z',
  read_at: null,
  deliveries: [],
  ...overrides,
});

const page = (items: Notification[], unread: number): NotificationPage => ({ items, total: items.length, unread, page: 1, page_size: 25 });

const rule: AlertRule = {
  id: 3,
  kind: 'dead_streams',
  description: 'Too many of a provider’s streams are dead.',
  severity: 'warning',
  enabled: true,
  parameters: { percent: 20 },
  parameter_specs: [{ name: 'percent', default: 20, min: 1, max: 100, integer: false, description: 'Dead share that fires' }],
  updated_at: null,
};

const webhook: Webhook = {
  id: 4,
  name: 'Ops Discord',
  kind: 'discord',
  url: 'https://discord.com/api/webhooks/1/…',
  enabled: true,
  send_resolved: true,
  created_at: '2026-11-01T00:00:00Z',
  updated_at: null,
};

function notificationRoutes(state: { read: Set<number> }) {
  const all = () => [
    notification({ id: 2, title: 'Stream quality dropped', message: 'News 24 fell to SD.', severity: 'warning', read_at: state.read.has(2) ? '2026-11-25T11:00:00Z' : null }),
    notification({ id: 1, read_at: state.read.has(1) ? '2026-11-25T11:00:00Z' : null }),
  ];
  return {
    'GET /api/auth/me': () => json(200, adminMe),
    'GET /api/admin/notifications': ({ url }: { url: string }) => {
      const items = all();
      const unread = items.filter((n) => n.read_at === null);
      return json(200, page(url.includes('unread=true') ? unread : items, unread.length));
    },
    'POST /api/admin/notifications/2/read': () => {
      state.read.add(2);
      return new Response(null, { status: 204 });
    },
    'POST /api/admin/notifications/read-all': () => {
      state.read.add(1).add(2);
      return json(200, { marked: 2 });
    },
    'GET /api/admin/alerts/rules': () => json(200, [rule]),
    'GET /api/admin/webhooks': () => json(200, [webhook]),
  };
}

describe('notifications', () => {
  it('shows the unread count in the shell, lists notifications and marks one and then all read', async () => {
    const state = { read: new Set<number>() };
    const { calls } = fakeApi(notificationRoutes(state));
    renderApp('/notifications');
    const user = userEvent.setup();

    expect(await screen.findByRole('link', { name: 'Notifications, 2 unread' })).toHaveAttribute('href', '/notifications');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: /Notifications/ })).toHaveTextContent('2 unread');

    const list = await screen.findByRole('list', { name: 'Notifications, newest first' });
    expect(within(list).getByText('Home playlist: sync failed')).toBeInTheDocument();
    expect(within(list).getByText('The last 3 syncs failed: HTTP 503.')).toBeInTheDocument();

    await user.click(within(list).getByRole('button', { name: 'Mark “Stream quality dropped” read' }));
    expect(await screen.findByRole('link', { name: 'Notifications, 1 unread' })).toBeInTheDocument();
    expect(within(list).queryByRole('button', { name: 'Mark “Stream quality dropped” read' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: /unread/ })).not.toBeInTheDocument());
    expect(screen.getAllByRole('link', { name: 'Notifications' })).toHaveLength(2);
    expect(screen.getByText('0 unread')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual([
      '/api/admin/notifications/2/read',
      '/api/admin/notifications/read-all',
    ]);

    await user.click(screen.getByLabelText('Unread only'));
    expect(await screen.findByText('No unread notifications')).toBeInTheDocument();
  });

  it('edits an alert rule and shows the server’s problem next to the parameter', async () => {
    let puts = 0;
    const { calls } = fakeApi({
      ...notificationRoutes({ read: new Set() }),
      'PUT /api/admin/alerts/rules/3': ({ body }) =>
        puts++ === 0
          ? problem(400, { title: 'One or more validation errors occurred.', errors: { 'parameters.percent': ['percent must be between 1 and 100.'] } })
          : json(200, { ...rule, enabled: false, parameters: (body as { parameters: Record<string, number> }).parameters }),
    });
    renderApp('/notifications');
    const user = userEvent.setup();

    const form = await screen.findByRole('form', { name: 'Rule dead_streams' });
    const percent = within(form).getByLabelText('percent');
    expect(percent).toHaveValue('20');
    await user.clear(percent);
    await user.type(percent, '500');
    await user.click(within(form).getByRole('button', { name: 'Save rule' }));
    expect(await within(form).findByText('percent must be between 1 and 100.')).toBeInTheDocument();
    expect(percent).toHaveAttribute('aria-invalid', 'true');

    await user.clear(percent);
    await user.type(percent, '35');
    await user.click(within(form).getByLabelText('Enabled'));
    await user.click(within(form).getByRole('button', { name: 'Save rule' }));
    expect(await within(form).findByText('Saved')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      { enabled: true, parameters: { percent: 500 } },
      { enabled: false, parameters: { percent: 35 } },
    ]);
  });

  it('adds, tests and deletes webhooks', async () => {
    let hooks = [webhook];
    const { calls } = fakeApi({
      ...notificationRoutes({ read: new Set() }),
      'GET /api/admin/webhooks': () => json(200, hooks),
      'POST /api/admin/webhooks': ({ body }) => {
        const request = body as { name: string; url: string };
        if (!request.url.startsWith('https://')) {
          return problem(400, { title: 'One or more validation errors occurred.', errors: { url: ['url is required and must be an absolute http or https URL.'] } });
        }
        const created: Webhook = { ...webhook, id: 5, name: request.name, kind: 'slack', url: 'https://hooks.slack.com/…' };
        hooks = [...hooks, created];
        return json(201, created);
      },
      'POST /api/admin/webhooks/4/test': () => json(200, { ok: false, status_code: 404, error: 'Unknown Webhook', duration_ms: 120 }),
      'DELETE /api/admin/webhooks/4': () => {
        hooks = hooks.filter((h) => h.id !== 4);
        return new Response(null, { status: 204 });
      },
    });
    vi.stubGlobal('confirm', vi.fn(() => true));
    renderApp('/notifications');
    const user = userEvent.setup();

    const list = await screen.findByRole('list', { name: 'Webhooks' });
    expect(within(list).getByText('Ops Discord')).toBeInTheDocument();
    await user.click(within(list).getByRole('button', { name: 'Test Ops Discord' }));
    expect(await within(list).findByText('Failed: HTTP 404 — Unknown Webhook')).toBeInTheDocument();

    const form = screen.getByRole('form', { name: 'Add a webhook' });
    await user.type(within(form).getByLabelText('Name'), 'Team Slack');
    await user.selectOptions(within(form).getByLabelText('Kind'), 'slack');
    await user.type(within(form).getByLabelText('URL'), 'ftp://nope');
    await user.click(within(form).getByRole('button', { name: 'Add webhook' }));
    expect(await within(form).findByText('url is required and must be an absolute http or https URL.')).toBeInTheDocument();

    await user.clear(within(form).getByLabelText('URL'));
    await user.type(within(form).getByLabelText('URL'), 'https://hooks.slack.com/services/T/B/x');
    await user.click(within(form).getByRole('button', { name: 'Add webhook' }));
    expect(await within(list).findByText('Team Slack')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST' && c.url === '/api/admin/webhooks').at(-1)?.body).toEqual({
      name: 'Team Slack',
      kind: 'slack',
      url: 'https://hooks.slack.com/services/T/B/x',
      send_resolved: true,
    });

    await user.click(within(list).getByRole('button', { name: 'Delete Ops Discord' }));
    await vi.waitFor(() => expect(within(list).queryByText('Ops Discord')).not.toBeInTheDocument());
    vi.unstubAllGlobals();
  });

  it('edits a webhook: only changed fields are sent, an empty URL keeps the stored one, and field problems show by the field', async () => {
    let hooks = [webhook];
    const { calls } = fakeApi({
      ...notificationRoutes({ read: new Set() }),
      'GET /api/admin/webhooks': () => json(200, hooks),
      'PUT /api/admin/webhooks/4': ({ body }) => {
        const request = body as { name?: string; url?: string; enabled?: boolean };
        if (request.url === 'ftp://nope') {
          return problem(400, { title: 'One or more validation errors occurred.', errors: { url: ['url is required and must be an absolute http or https URL of at most 2000 characters.'] } });
        }
        const saved: Webhook = { ...webhook, name: request.name ?? webhook.name, enabled: request.enabled ?? webhook.enabled, url: request.url ? 'https://discord.com/api/webhooks/2/…' : webhook.url };
        hooks = [saved];
        return json(200, saved);
      },
    });
    renderApp('/notifications');
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit Ops Discord' }));
    const form = screen.getByRole('form', { name: 'Edit Ops Discord' });
    const name = within(form).getByLabelText('Name');
    expect(name).toHaveFocus();
    expect(within(form).getByLabelText('New URL')).toHaveValue('');
    // The stored URL is a secret: only its masked form is shown.
    expect(within(form).getByText(/Leave empty to keep the current URL/)).toHaveTextContent('https://discord.com/api/webhooks/1/…');

    await user.clear(name);
    await user.type(name, 'Ops alerts');
    await user.click(within(form).getByLabelText('Enabled'));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit Ops Discord' })).not.toBeInTheDocument());
    expect(calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({ name: 'Ops alerts', enabled: false });
    expect(await screen.findByText('Ops alerts')).toBeInTheDocument();
    expect(screen.getByText('disabled')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Edit Ops alerts' })).toHaveFocus());

    await user.click(screen.getByRole('button', { name: 'Edit Ops alerts' }));
    const again = screen.getByRole('form', { name: 'Edit Ops alerts' });
    await user.type(within(again).getByLabelText('New URL'), 'ftp://nope');
    await user.click(within(again).getByRole('button', { name: 'Save' }));
    expect(await within(again).findByText('url is required and must be an absolute http or https URL of at most 2000 characters.')).toBeInTheDocument();
    expect(within(again).getByLabelText('New URL')).toHaveAttribute('aria-invalid', 'true');
    expect(calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({ url: 'ftp://nope' });

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: 'Edit Ops alerts' })).not.toBeInTheDocument();
  });

  it('has no bell or entry for other users', async () => {
    const { calls } = fakeApi({ 'GET /api/auth/me': () => json(200, userMe) });
    renderApp('/');
    expect(await screen.findByRole('link', { name: 'Guide' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Notifications/ })).not.toBeInTheDocument();
    expect(calls.some((c) => c.url.startsWith('/api/admin/notifications'))).toBe(false);
  });
});
