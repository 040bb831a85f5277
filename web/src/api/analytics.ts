import { api } from './client';
import type { AdminStats, EngagementRow, MyStats, PopularChannel, ProviderCapacity, UserEngagement } from './types';

export const analyticsQueryKey = ['analytics'] as const;

/** `minEngagement` is sent as typed, so the server's problem details explain a value it rejects. */
export const engagementUrl = (days: number, minEngagement: string, format?: 'csv') =>
  `/api/analytics/admin/users/engagement?days=${days}&min_engagement=${encodeURIComponent(minEngagement)}${format ? `&format=${format}` : ''}`;

export const getEngagement = (days: number, minEngagement: string, signal?: AbortSignal) =>
  api<EngagementRow[]>(engagementUrl(days, minEngagement), { signal });

export const getPopularChannels = (days: number, limit: number, signal?: AbortSignal) =>
  api<PopularChannel[]>(`/api/analytics/popular?days=${days}&limit=${limit}`, { signal });

export const adminStatsUrl = (days: number, format?: 'csv') => `/api/analytics/admin/stats?days=${days}${format ? `&format=${format}` : ''}`;

export const getAdminStats = (days: number, signal?: AbortSignal) => api<AdminStats>(adminStatsUrl(days), { signal });

export const getProviderCapacity = (days: number, signal?: AbortSignal) =>
  api<ProviderCapacity[]>(`/api/analytics/admin/providers/capacity?days=${days}`, { signal });

export const getMyStats = (days: number, signal?: AbortSignal) => api<MyStats>(`/api/analytics/stats?days=${days}`, { signal });

export const userEngagementUrl = (id: string, days: number, format?: 'csv') =>
  `/api/analytics/admin/users/${encodeURIComponent(id)}/engagement?days=${days}${format ? `&format=${format}` : ''}`;

export const getUserEngagement = (id: string, days: number, signal?: AbortSignal) => api<UserEngagement>(userEngagementUrl(id, days), { signal });
