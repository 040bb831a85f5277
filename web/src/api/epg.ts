import { api } from './client';
import type {
  EpgChannel,
  EpgMapping,
  EpgMappingRequest,
  EpgMappingStats,
  EpgRefreshLog,
  EpgSource,
  EpgSourceRequest,
  JobRunAccepted,
  NowNext,
  Page,
  UnmappedChannel,
} from './types';

export const epgQueryKey = ['admin', 'epg'] as const;
export const epgSourcesQueryKey = [...epgQueryKey, 'sources'] as const;
export const epgSourceQueryKey = (id: number) => [...epgSourcesQueryKey, id] as const;
export const epgRefreshesQueryKey = (id: number) => [...epgSourcesQueryKey, id, 'refreshes'] as const;
export const epgMappingsQueryKey = [...epgQueryKey, 'mappings'] as const;
export const epgUnmappedQueryKey = [...epgQueryKey, 'unmapped'] as const;
export const epgChannelsQueryKey = [...epgQueryKey, 'channels'] as const;
export const nowNextQueryKey = ['epg', 'now'] as const;

const sources = '/api/admin/epg/sources';

export const listEpgSources = (signal?: AbortSignal) => api<EpgSource[]>(sources, { signal });

export const getEpgSource = (id: number, signal?: AbortSignal) => api<EpgSource>(`${sources}/${id}`, { signal });

export const createEpgSource = (request: EpgSourceRequest) => api<EpgSource>(sources, { method: 'POST', body: request });

export function uploadEpgSource(name: string, file: File) {
  const form = new FormData();
  form.append('name', name);
  form.append('file', file);
  return api<EpgSource>(`${sources}/upload`, { method: 'POST', form });
}

export const updateEpgSource = (id: number, request: EpgSourceRequest) =>
  api<EpgSource>(`${sources}/${id}`, { method: 'PUT', body: request });

export const deleteEpgSource = (id: number) => api<void>(`${sources}/${id}`, { method: 'DELETE' });

export const refreshEpgSource = (id: number) => api<JobRunAccepted>(`${sources}/${id}/refresh`, { method: 'POST' });

export const listEpgRefreshes = (id: number, page: number, pageSize: number, signal?: AbortSignal) =>
  api<Page<EpgRefreshLog>>(`${sources}/${id}/refreshes?page=${page}&page_size=${pageSize}`, { signal });

export function listEpgChannels(search: string, pageSize: number, signal?: AbortSignal) {
  const params = new URLSearchParams({ page: '1', page_size: String(pageSize) });
  if (search) params.set('search', search);
  return api<Page<EpgChannel>>(`/api/admin/epg/channels?${params.toString()}`, { signal });
}

export const listEpgMappings = (page: number, pageSize: number, signal?: AbortSignal) =>
  api<Page<EpgMapping>>(`/api/admin/epg/mappings?page=${page}&page_size=${pageSize}`, { signal });

export const listUnmapped = (page: number, pageSize: number, signal?: AbortSignal) =>
  api<Page<UnmappedChannel>>(`/api/admin/epg/unmapped?page=${page}&page_size=${pageSize}`, { signal });

export const autoMap = () => api<EpgMappingStats>('/api/admin/epg/mappings/auto', { method: 'POST' });

export const setMapping = (channelId: number, request: EpgMappingRequest) =>
  api<EpgMapping>(`/api/admin/epg/mappings/${channelId}`, { method: 'PUT', body: request });

export const deleteMapping = (channelId: number) =>
  api<EpgMappingStats>(`/api/admin/epg/mappings/${channelId}`, { method: 'DELETE' });

export const getNowNext = (page: number, pageSize: number, signal?: AbortSignal) =>
  api<Page<NowNext>>(`/api/epg/now?page=${page}&page_size=${pageSize}`, { signal });
