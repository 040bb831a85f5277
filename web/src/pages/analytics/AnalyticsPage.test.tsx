import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AdminStats, EngagementRow, PopularChannel, ProviderCapacity } from '../../api/types';
import { fakeApi, json, problem } from '../../test/fakeApi';
import { adminMe, userMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const stats: AdminStats = {
  days: 30,
  totals: { sessions: 42, hours: 63.5, completed: 12, active_users: 3, channels_watched: 9 },
  daily: [
    { date: '2026-11-23', sessions: 20, hours: 30, active_users: 3, peak_concurrent: 2 },
    { date: '2026-11-24', sessions: 22, hours: 33.5, active_users: 2, peak_concurrent: 3 },
  ],
  top_channels: [],
  top_vod: [],
  by_provider: [],
  by_client: [],
};

const engagement: EngagementRow[] = [
  {
    user_id: 'u1',
    username: 'alice',
    total_sessions: 30,
    total_hours_watched: 40.25,
    avg_session_minutes: 80.5,
    active_days: 20,
    last_active: '2026-11-24T20:00:00Z',
    engagement_score: 87.3,
    content_diversity: 0.4,
    completion_rate: 75,
  },
];

const popular: PopularChannel[] = [{ channel_id: 5, name: 'News 24', logo: null, sessions: 17, unique_viewers: 3, hours: 12.5 }];

const capacity: ProviderCapacity[] = [
  { provider_id: 7, provider_name: 'Home playlist', max_connections: 2, peak_concurrent: 2, hours_at_limit: 4, refused: 1, failovers: 6, daily: [], hourly: [] },
];

const routes = () => ({
  'GET /api/auth/me': () => json(200, adminMe),
  'GET /api/analytics/admin/stats': () => json(200, stats),
  'GET /api/analytics/admin/users/engagement': ({ url }: { url: string }) =>
    url.includes('min_engagement=200')
      ? problem(400, { title: 'One or more validation errors occurred.', errors: { min_engagement: ['min_engagement must be between 0 and 100.'] } })
      : json(200, engagement),
  'GET /api/analytics/popular': () => json(200, popular),
  'GET /api/analytics/admin/providers/capacity': () => json(200, capacity),
});

describe('analytics page', () => {
  it('shows viewing totals, engagement, popular channels and capacity, and follows the period', async () => {
    const { calls } = fakeApi(routes());
    renderApp('/analytics');
    const user = userEvent.setup();

    expect(await screen.findByRole('heading', { name: 'Analytics', level: 1 })).toBeInTheDocument();
    const viewing = screen.getByRole('heading', { name: 'Viewing' }).closest('section')!;
    expect(await within(viewing).findByText('63.5')).toBeInTheDocument();
    const days = within(viewing).getByRole('table', { name: 'Viewing per day' });
    const rows = within(days).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('2026-11-24');

    const people = await screen.findByRole('table', { name: 'Engagement per user, most engaged first' });
    expect(within(people).getByText('alice')).toBeInTheDocument();
    expect(within(people).getByText('87.3')).toBeInTheDocument();
    expect(within(people).getByText('75%')).toBeInTheDocument();

    expect(await screen.findByText('News 24')).toBeInTheDocument();
    const cap = await screen.findByRole('table', { name: 'Upstream connections per provider' });
    expect(within(cap).getByText('2 / 2')).toBeInTheDocument();

    const engagementCard = screen.getByRole('heading', { name: 'User engagement' }).closest('section')!;
    expect(within(engagementCard).getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/api/analytics/admin/users/engagement?days=30&min_engagement=0&format=csv',
    );

    await user.selectOptions(screen.getByLabelText('Period'), '7');
    expect(within(engagementCard).getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/api/analytics/admin/users/engagement?days=7&min_engagement=0&format=csv',
    );
    expect(within(viewing).getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/analytics/admin/stats?days=7&format=csv');
    await screen.findByText('News 24');
    expect(calls.some((c) => c.url === '/api/analytics/popular?days=7&limit=10')).toBe(true);
    expect(calls.some((c) => c.url === '/api/analytics/admin/providers/capacity?days=7')).toBe(true);
    expect(calls.some((c) => c.url === '/api/analytics/admin/stats?days=7')).toBe(true);
  });

  it('shows the server’s problem next to the minimum engagement field', async () => {
    const { calls } = fakeApi(routes());
    renderApp('/analytics');
    const user = userEvent.setup();
    const field = await screen.findByLabelText('Minimum engagement score');
    await user.clear(field);
    await user.type(field, '200');
    expect(await screen.findByText('min_engagement must be between 0 and 100.')).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('One or more validation errors occurred.');

    await user.clear(field);
    await user.type(field, 'lots');
    expect(await screen.findByText('Enter a number from 0 to 100.')).toBeInTheDocument();
    expect(calls.some((c) => c.url.includes('min_engagement=lots'))).toBe(false);
  });

  it('is an admin page: no navigation entry for other users', async () => {
    fakeApi({ 'GET /api/auth/me': () => json(200, userMe) });
    renderApp('/');
    expect(await screen.findByRole('link', { name: 'Guide' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Analytics' })).not.toBeInTheDocument();
  });
});
