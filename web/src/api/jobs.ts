import { api } from './client';
import type { Job, JobRunAccepted } from './types';

export const jobsQueryKey = ['admin', 'jobs'] as const;

export const listJobs = (signal?: AbortSignal) => api<Job[]>('/api/admin/jobs', { signal });

export const runJob = (key: string) =>
  api<JobRunAccepted>(`/api/admin/jobs/${encodeURIComponent(key)}/run`, { method: 'POST' });
