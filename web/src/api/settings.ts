import { api } from './client';
import type { Setting, SettingsUpdate } from './types';

export const settingsQueryKey = ['admin', 'settings'] as const;

export const listSettings = (signal?: AbortSignal) => api<Setting[]>('/api/admin/settings', { signal });

/** Answers the whole list again, with the changes applied. */
export const updateSettings = (request: SettingsUpdate) => api<Setting[]>('/api/admin/settings', { method: 'PUT', body: request });
