import { api } from './client';
import type {
  JobRun,
  JobRunAccepted,
  Page,
  Provider,
  ProviderPerformance,
  ProviderRequest,
  ProviderTestResult,
  SyncLog,
} from './types';

export const providersQueryKey = ['admin', 'providers'] as const;
export const providerQueryKey = (id: number) => [...providersQueryKey, id] as const;
export const syncsQueryKey = (id: number) => [...providersQueryKey, id, 'syncs'] as const;
export const performanceQueryKey = ['analytics', 'providers', 'performance'] as const;

const base = '/api/admin/providers';

export const listProviders = (signal?: AbortSignal) => api<Provider[]>(base, { signal });

export const getProvider = (id: number, signal?: AbortSignal) => api<Provider>(`${base}/${id}`, { signal });

export const createProvider = (request: ProviderRequest) => api<Provider>(base, { method: 'POST', body: request });

export function uploadProvider(name: string, file: File) {
  const form = new FormData();
  form.append('name', name);
  form.append('file', file);
  return api<Provider>(`${base}/upload`, { method: 'POST', form });
}

export const updateProvider = (id: number, request: ProviderRequest) =>
  api<Provider>(`${base}/${id}`, { method: 'PUT', body: request });

export function replaceProviderFile(id: number, file: File) {
  const form = new FormData();
  form.append('file', file);
  return api<Provider>(`${base}/${id}/file`, { method: 'PUT', form });
}

export const deleteProvider = (id: number) => api<void>(`${base}/${id}`, { method: 'DELETE' });

export const testProviderSettings = (request: ProviderRequest) =>
  api<ProviderTestResult>(`${base}/test`, { method: 'POST', body: request });

export const testProvider = (id: number) => api<ProviderTestResult>(`${base}/${id}/test`, { method: 'POST' });

export const syncProvider = (id: number) => api<JobRunAccepted>(`${base}/${id}/sync`, { method: 'POST' });

export const getJobRun = (runId: string, signal?: AbortSignal) =>
  api<JobRun>(`/api/admin/jobs/runs/${encodeURIComponent(runId)}`, { signal });

export const listSyncs = (id: number, page: number, pageSize: number, signal?: AbortSignal) =>
  api<Page<SyncLog>>(`${base}/${id}/syncs?page=${page}&page_size=${pageSize}`, { signal });

export const performanceUrl = (days: number, format?: 'csv') =>
  `/api/analytics/admin/providers/performance?days=${days}${format ? `&format=${format}` : ''}`;

export const getPerformance = (days: number, signal?: AbortSignal) =>
  api<ProviderPerformance[]>(performanceUrl(days), { signal });
