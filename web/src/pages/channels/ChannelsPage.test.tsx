import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, json } from '../../test/fakeApi';
import { adminMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import type { ChannelDetail, ChannelSummary } from '../../api/types';

const channel = (id: number, name: string, extra: Partial<ChannelSummary> = {}): ChannelSummary => ({
  id,
  name,
  number: id,
  group_title: 'News',
  logo: null,
  epg_channel_id: null,
  enabled: true,
  region: null,
  variant: null,
  stream_count: 2,
  active_stream_count: 1,
  ...extra,
});

const listQuery = (url: string) => new URL(url, 'http://localhost').searchParams;

describe('channels table', () => {
  it('pages by 100, searches on the server after a debounce and moves between rows by keyboard', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/channels': ({ url }) => {
        const q = listQuery(url);
        const page = Number(q.get('page'));
        const search = q.get('search');
        const items = search
          ? [channel(500, `BBC ${search}`)]
          : [channel(page * 1000 + 1, `Channel p${page} a`), channel(page * 1000 + 2, `Channel p${page} b`)];
        return json(200, { items, total: search ? 1 : 250, page, page_size: Number(q.get('page_size')) });
      },
    });
    renderApp('/channels');
    const user = userEvent.setup();
    expect(await screen.findByRole('link', { name: 'Channel p1 a' })).toBeInTheDocument();
    expect(screen.getByText('Page 1 of 3')).toBeInTheDocument();
    const lists = () => calls.filter((c) => c.url.startsWith('/api/admin/channels'));
    expect(listQuery(lists()[0]!.url).get('page_size')).toBe('100');
    expect(listQuery(lists()[0]!.url).get('page')).toBe('1');

    // Arrow keys move between the rows' links.
    screen.getByRole('link', { name: 'Channel p1 a' }).focus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('link', { name: 'Channel p1 b' })).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(screen.getByRole('link', { name: 'Channel p1 a' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('link', { name: 'Channel p2 a' })).toBeInTheDocument();
    expect(screen.getByText('Page 2 of 3')).toBeInTheDocument();
    expect(listQuery(lists().at(-1)!.url).get('page')).toBe('2');

    // Typing fast sends one search request, once typing stops, and starts again at page 1.
    const before = lists().length;
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'one');
    expect(await screen.findByRole('link', { name: 'BBC one' })).toBeInTheDocument();
    const searches = lists().slice(before);
    expect(searches).toHaveLength(1);
    expect(listQuery(searches[0]!.url).get('search')).toBe('one');
    expect(listQuery(searches[0]!.url).get('page')).toBe('1');
    expect(screen.getByText('1 channel')).toBeInTheDocument();
  });

  it('filters by enabled state and shows the empty state', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/channels': ({ url }) =>
        json(200, listQuery(url).get('enabled') === 'false' ? { items: [], total: 0, page: 1, page_size: 100 } : { items: [channel(1, 'One')], total: 1, page: 1, page_size: 100 }),
    });
    renderApp('/channels');
    const user = userEvent.setup();
    await screen.findByRole('link', { name: 'One' });
    await user.selectOptions(screen.getByLabelText('Enabled'), 'false');
    expect(await screen.findByText('No channels match')).toBeInTheDocument();
    expect(listQuery(calls.at(-1)!.url).get('enabled')).toBe('false');
  });
});

describe('channel streams', () => {
  const detail: ChannelDetail = {
    channel: channel(5, 'BBC One', { stream_count: 3 }),
    streams: [10, 20, 30].map((id, index) => ({
      provider_stream_id: id,
      provider_id: 1,
      provider_name: `P${index + 1}`,
      name: `BBC One ${['FHD', 'HD', 'SD'][index]}`,
      quality: ['FHD', 'HD', 'SD'][index]!,
      quality_score: 100 - index * 10,
      status: 'active',
      order: index,
      is_active: true,
      manual: false,
      merge_method: 'exact',
      merge_confidence: 1,
      success_rate: 0.95,
      avg_first_byte_ms: 180,
      recent_failovers: 0,
      removed: false,
    })),
  };

  it('moving a stream saves the full new order', async () => {
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/channels/5': () => json(200, detail),
      'PUT /api/admin/channels/5/streams/order': ({ body }) => {
        const ids = (body as { provider_stream_ids: number[] }).provider_stream_ids;
        return json(200, { ...detail, streams: ids.map((id, order) => ({ ...detail.streams.find((s) => s.provider_stream_id === id)!, order, manual: true })) });
      },
    });
    renderApp('/channels/5');
    const user = userEvent.setup();
    const moveUp = await screen.findByRole('button', { name: 'Move BBC One SD (P3) up' });
    expect(screen.getByRole('button', { name: 'Move BBC One FHD (P1) up' })).toBeDisabled();
    await user.click(moveUp);

    await waitFor(() => {
      const card = screen.getByRole('heading', { name: 'Streams in failover order' }).closest('section')!;
      const items = within(card).getAllByRole('listitem');
      expect(items.map((li) => li.textContent)).toEqual([
        expect.stringContaining('BBC One FHD'),
        expect.stringContaining('BBC One SD'),
        expect.stringContaining('BBC One HD'),
      ]);
    });
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.url).toBe('/api/admin/channels/5/streams/order');
    expect(put?.body).toEqual({ provider_stream_ids: [10, 30, 20] });
  });

  it('splits the selected streams into a new channel', async () => {
    const created: ChannelDetail = { channel: channel(6, 'BBC One SD'), streams: [detail.streams[2]!] };
    const { calls } = fakeApi({
      'GET /api/auth/me': () => json(200, adminMe),
      'GET /api/admin/channels/5': () => json(200, detail),
      'POST /api/admin/channels/5/split': () => json(201, created),
      'GET /api/admin/channels/6': () => json(200, created),
    });
    renderApp('/channels/5');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Select BBC One SD (P3)' }));
    await user.type(screen.getByLabelText('New channel name (optional)'), 'BBC One SD');
    await user.click(screen.getByRole('button', { name: 'Split into new channel' }));
    expect(await screen.findByRole('heading', { name: 'BBC One SD', level: 1 })).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ provider_stream_ids: [30], name: 'BBC One SD' });
  });
});
