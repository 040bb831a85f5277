import { api } from './client';
import type { HealthCheckRequest, HealthSummary, JobRunAccepted, Page, QualityHistoryRow, StreamCheck } from './types';

export const healthQueryKey = ['admin', 'health'] as const;
export const healthSummaryQueryKey = [...healthQueryKey, 'summary'] as const;
export const streamChecksQueryKey = (streamId: number) => [...healthQueryKey, 'streams', streamId, 'checks'] as const;
export const qualityHistoryQueryKey = (streamId: number) => ['analytics', 'streams', streamId, 'quality-history'] as const;

export const getHealthSummary = (signal?: AbortSignal) => api<HealthSummary>('/api/admin/health/summary', { signal });

/** Checks every live stream, or only one provider's, channel's or stream's (at most one of them). */
export const runHealthCheck = (request: HealthCheckRequest = {}) =>
  api<JobRunAccepted>('/api/admin/health/check', { method: 'POST', body: request });

export const listStreamChecks = (streamId: number, page: number, pageSize: number, signal?: AbortSignal) =>
  api<Page<StreamCheck>>(`/api/admin/health/streams/${streamId}/checks?page=${page}&page_size=${pageSize}`, { signal });

export const qualityHistoryUrl = (streamId: number, days: number, format?: 'csv') =>
  `/api/analytics/admin/streams/quality-history/${streamId}?days=${days}${format ? `&format=${format}` : ''}`;

export const getQualityHistory = (streamId: number, days: number, signal?: AbortSignal) =>
  api<QualityHistoryRow[]>(qualityHistoryUrl(streamId, days), { signal });
