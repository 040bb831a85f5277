import { api } from './client';
import type { JobRunAccepted, LibraryReport, LibraryStatus } from './types';

export const libraryQueryKey = ['admin', 'library'] as const;
export const libraryStatusQueryKey = [...libraryQueryKey, 'status'] as const;

export const getLibraryStatus = (signal?: AbortSignal) => api<LibraryStatus>('/api/admin/library/status', { signal });

/** Queues a build of the .strm/.nfo library (202 with the run to follow). */
export const buildLibrary = () => api<JobRunAccepted>('/api/admin/library/build', { method: 'POST' });

/** Plans a build without writing anything and answers what it would add, change and remove. */
export const dryRunLibrary = () => api<LibraryReport>('/api/admin/library/build?dry_run=true', { method: 'POST' });
