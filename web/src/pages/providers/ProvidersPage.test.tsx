import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, json } from '../../test/fakeApi';
import { adminMe, makeProvider } from '../../test/fixtures';
import { renderApp } from '../../test/render';

describe('providers list', () => {
  it('lists providers with kind, masked URL, counts and last sync, plus the performance summary', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/providers': () =>
        json(200, [
          makeProvider({
            name: 'Xt',
            kind: 'xtream',
            url: 'http://xt.example:8080/***',
            counts: { live_streams: 1200, vod: 30, series: 4 },
            last_sync_status: 'failed',
            last_sync_at: '2026-02-01T10:00:00Z',
          }),
        ]),
      'GET /api/analytics/admin/providers/performance': () =>
        json(200, [{ provider_id: 7, provider_name: 'Xt', avg_sync_duration: 12.5, sync_count: 3, total_errors: 2, avg_freshness_hours: 1.25 }]),
    });
    renderApp('/providers');
    const user = userEvent.setup();
    const link = await screen.findByRole('link', { name: 'Xt' });
    const row = link.closest('li')!;
    expect(within(row).getByText('Xtream')).toBeInTheDocument();
    expect(within(row).getByText('http://xt.example:8080/***')).toBeInTheDocument();
    expect(within(row).getByText(/1,200 live · 30 movies · 4 series/)).toBeInTheDocument();
    expect(within(row).getByText('failed')).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Sync Xt now' })).toBeInTheDocument();

    const perf = screen.getByRole('heading', { name: 'Sync performance' }).closest('section')!;
    expect(await within(perf).findByRole('rowheader', { name: 'Xt' })).toBeInTheDocument();
    expect(within(perf).getByText('12.5 s')).toBeInTheDocument();
    expect(within(perf).getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/api/analytics/admin/providers/performance?days=30&format=csv',
    );
    await user.selectOptions(within(perf).getByLabelText('Period'), '7');
    expect(within(perf).getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/api/analytics/admin/providers/performance?days=7&format=csv',
    );
    expect(calls.some((c) => c.url.endsWith('performance?days=7'))).toBe(true);
  });

  it('deletes a provider after confirmation', async () => {
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/providers/7': () => json(200, makeProvider()),
      'GET /api/admin/providers/7/syncs': () => json(200, { items: [], total: 0, page: 1, page_size: 20 }),
      'DELETE /api/admin/providers/7': () => new Response(null, { status: 204 }),
      'GET /api/admin/providers': () => json(200, []),
      'GET /api/analytics/admin/providers/performance': () => json(200, []),
    });
    renderApp('/providers/7');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    expect(confirm).toHaveBeenCalled();
    expect(await screen.findByText('No providers yet')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/admin/providers/7')).toBe(true);
  });
});
