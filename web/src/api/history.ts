import { useQuery } from '@tanstack/react-query';
import { api } from './client';

/** One viewing session of the signed-in user (GET /api/analytics/history). */
export interface HistoryItem {
  id: number;
  channel_id: number | null;
  vod_item_id: number | null;
  episode_id: number | null;
  title: string | null;
  started_at: string;
  ended_at: string | null;
  duration_seconds: number;
  completed: boolean;
  bytes_sent: number;
  client: string | null;
  source: string;
}

export interface HistoryPage {
  items: HistoryItem[];
  total: number;
  page: number;
  page_size: number;
}

export function useHistory(page: number, pageSize = 20) {
  return useQuery({
    queryKey: ['history', page, pageSize],
    queryFn: ({ signal }) => api<HistoryPage>(`/api/analytics/history?page=${page}&page_size=${pageSize}`, { signal }),
  });
}
