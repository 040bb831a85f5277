import { api } from './client';
import type { ChannelDetail, ChannelSummary, ChannelUpdate, Page } from './types';

export const channelsQueryKey = ['admin', 'channels'] as const;
export const channelQueryKey = (id: number) => [...channelsQueryKey, 'detail', id] as const;

export interface ChannelFilter {
  search?: string;
  group?: string;
  enabled?: boolean;
  page: number;
  pageSize: number;
}

export function channelsUrl({ search, group, enabled, page, pageSize }: ChannelFilter): string {
  const params = new URLSearchParams();
  if (search) params.set('search', search);
  if (group) params.set('group', group);
  if (enabled !== undefined) params.set('enabled', String(enabled));
  params.set('page', String(page));
  params.set('page_size', String(pageSize));
  return `/api/admin/channels?${params.toString()}`;
}

export const listChannels = (filter: ChannelFilter, signal?: AbortSignal) =>
  api<Page<ChannelSummary>>(channelsUrl(filter), { signal });

export const getChannel = (id: number, signal?: AbortSignal) =>
  api<ChannelDetail>(`/api/admin/channels/${id}`, { signal });

export const updateChannel = (id: number, request: ChannelUpdate) =>
  api<ChannelDetail>(`/api/admin/channels/${id}`, { method: 'PUT', body: request });

export const mergeChannel = (id: number, sourceChannelId: number) =>
  api<ChannelDetail>(`/api/admin/channels/${id}/merge`, { method: 'POST', body: { source_channel_id: sourceChannelId } });

export const splitChannel = (id: number, providerStreamIds: number[], name?: string) =>
  api<ChannelDetail>(`/api/admin/channels/${id}/split`, {
    method: 'POST',
    body: { provider_stream_ids: providerStreamIds, ...(name ? { name } : {}) },
  });

export const reorderStreams = (id: number, providerStreamIds: number[]) =>
  api<ChannelDetail | undefined>(`/api/admin/channels/${id}/streams/order`, {
    method: 'PUT',
    body: { provider_stream_ids: providerStreamIds },
  });
