import type { SyncLog } from '../../api/types';

export const added = (s: SyncLog) => s.channels_added + s.vod_added + s.series_added;
export const removed = (s: SyncLog) => s.channels_removed + s.vod_removed + s.series_removed;
export const updated = (s: SyncLog) => s.channels_updated + s.vod_updated + s.series_updated;
