import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EngagementRow, UserEngagement } from '../../api/types';
import { fakeApi, json, problem } from '../../test/fakeApi';
import { adminMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { periodFrom } from './UserEngagementPage';

const id = '0b5e7c1a-2f7d-4c3e-9a51-6d0c2b8e4f10';

const summary: EngagementRow = {
  user_id: id,
  username: 'alice',
  total_sessions: 30,
  total_hours_watched: 40.25,
  avg_session_minutes: 80.5,
  active_days: 2,
  last_active: '2026-11-24T20:00:00Z',
  engagement_score: 87.3,
  content_diversity: 0.4,
  completion_rate: 75,
};

const engagement: UserEngagement = {
  summary,
  daily: [
    { date: '2026-11-22', sessions: 10, hours: 12.5, completed: 3 },
    { date: '2026-11-24', sessions: 20, hours: 27.75, completed: 5 },
  ],
};

describe('user engagement drill-down', () => {
  it('opens from the engagement table, shows the summary and days, and follows the period', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/analytics/admin/stats': () => json(200, { days: 7, totals: { sessions: 0, hours: 0, completed: 0, active_users: 0, channels_watched: 0 }, daily: [], top_channels: [], top_vod: [], by_provider: [], by_client: [] }),
      'GET /api/analytics/admin/users/engagement': () => json(200, [summary]),
      'GET /api/analytics/popular': () => json(200, []),
      'GET /api/analytics/admin/providers/capacity': () => json(200, []),
      [`GET /api/analytics/admin/users/${id}/engagement`]: () => json(200, engagement),
    });
    renderApp('/analytics');
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Period'), '7');
    await user.click(await screen.findByRole('link', { name: 'alice' }));

    expect(await screen.findByRole('heading', { name: 'Engagement of alice', level: 1 })).toBeInTheDocument();
    expect(calls.some((c) => c.url === `/api/analytics/admin/users/${id}/engagement?days=7`)).toBe(true);
    expect(screen.getByLabelText('Period')).toHaveValue('7');
    const summaryCard = screen.getByRole('heading', { name: 'Summary' }).closest('section')!;
    expect(within(summaryCard).getByText('87.3')).toBeInTheDocument();
    expect(within(summaryCard).getByText('75%')).toBeInTheDocument();
    expect(within(summaryCard).getByText('40%')).toBeInTheDocument();

    const rows = within(screen.getByRole('table', { name: 'Viewing per day, newest first' })).getAllByRole('row').slice(1);
    const cells = rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(cells).toEqual([
      ['2026-11-24', '20', '27.8', '5'],
      ['2026-11-22', '10', '12.5', '3'],
    ]);
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', `/api/analytics/admin/users/${id}/engagement?days=7&format=csv`);

    await user.selectOptions(screen.getByLabelText('Period'), '90');
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', `/api/analytics/admin/users/${id}/engagement?days=90&format=csv`);
    await screen.findByText('87.3');
    expect(calls.some((c) => c.url === `/api/analytics/admin/users/${id}/engagement?days=90`)).toBe(true);
  });

  it('says when nothing was watched, when the user does not exist and when the server fails', async () => {
    fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      [`GET /api/analytics/admin/users/${id}/engagement`]: () => json(200, { summary: { ...summary, total_sessions: 0 }, daily: [] }),
      'GET /api/analytics/admin/users/gone/engagement': () => problem(404, { title: 'User not found.' }),
      'GET /api/analytics/admin/users/broken/engagement': () => problem(500, { title: 'The database is unavailable.' }),
    });
    const first = renderApp(`/analytics/users/${id}`);
    expect(await screen.findByText('Nothing watched in this period')).toBeInTheDocument();
    first.unmount();

    const second = renderApp('/analytics/users/gone');
    expect(await screen.findByText('No such user')).toBeInTheDocument();
    second.unmount();

    renderApp('/analytics/users/broken');
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is unavailable.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('takes only the offered periods from the address', () => {
    expect(periodFrom('7')).toBe(7);
    expect(periodFrom('8')).toBe(30);
    expect(periodFrom(null)).toBe(30);
    expect(periodFrom('abc')).toBe(30);
  });
});
