import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import type { NowNext, Programme } from '../../api/types';
import { fakeApi, json, problem } from '../../test/fakeApi';
import { userMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const programme = (overrides: Partial<Programme>): Programme => ({
  start: '2026-02-01T18:00:00Z',
  stop: '2026-02-01T19:00:00Z',
  title: 'News',
  sub_title: null,
  description: null,
  categories: [],
  episode_xmltv_ns: null,
  episode_on_screen: null,
  icon: null,
  ...overrides,
});

describe('guide', () => {
  it('shows now and next per channel to a signed-in user who is not an admin', async () => {
    const now = Date.now();
    const items: NowNext[] = [
      {
        channel_id: 1,
        name: 'Current Channel',
        number: 1,
        epg_id: 'ch1.channel.current',
        now: programme({
          title: 'Always On Show',
          sub_title: 'The eternal broadcast',
          start: new Date(now - 30 * 60_000).toISOString(),
          stop: new Date(now + 30 * 60_000).toISOString(),
        }),
        next: programme({ title: 'Late Show', start: new Date(now + 30 * 60_000).toISOString() }),
      },
      { channel_id: 2, name: 'No Guide TV', number: null, epg_id: 'ch2.m3ustrm', now: null, next: null },
    ];
    fakeApi({
      'GET /api/auth/me': () => json(200, userMe),
      'GET /api/epg/now': () => json(200, { items, total: 2, page: 1, page_size: 50 }),
    });
    renderApp('/guide');

    expect(await screen.findByRole('heading', { name: 'Guide', level: 1 })).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Now and next' });
    const [first, second] = within(list).getAllByRole('listitem');
    expect(within(first!).getByText('Current Channel')).toBeInTheDocument();
    expect(within(first!).getByText('Always On Show')).toBeInTheDocument();
    expect(within(first!).getByText('The eternal broadcast')).toBeInTheDocument();
    expect(within(first!).getByText('Late Show')).toBeInTheDocument();
    const bar = within(first!).getByRole('progressbar', { name: 'Always On Show: elapsed' });
    expect(Number(bar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(49);
    expect(Number(bar.getAttribute('aria-valuenow'))).toBeLessThanOrEqual(51);
    expect(within(second!).getByText('No programme information')).toBeInTheDocument();

    // The Guide is in everyone's menu; EPG and Health are for admins only.
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Guide' })).toHaveAttribute('href', '/guide');
    expect(within(nav).queryByRole('link', { name: 'EPG' })).not.toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Health' })).not.toBeInTheDocument();
  });

  it('shows the problem when the guide cannot be loaded', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, userMe),
      'GET /api/epg/now': () => problem(400, { title: 'One or more validation errors occurred.', errors: { page_size: ['page_size must be between 1 and 500.'] } }),
    });
    renderApp('/guide');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('One or more validation errors occurred.');
    expect(alert).toHaveTextContent('page_size must be between 1 and 500.');
  });

  it.each(['/epg', '/epg/sources/1', '/health', '/health/streams/1'])('refuses %s to a non-admin', async (path) => {
    fakeApi({ 'GET /api/auth/me': () => json(200, userMe) });
    renderApp(path);
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
  });
});
