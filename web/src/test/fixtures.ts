import type { EpgSource, JobRun, Me, Provider } from '../api/types';

export const adminMe: Me = {
  id: 'a1',
  username: 'admin',
  email: null,
  roles: ['admin'],
  enabled: true,
  two_factor_enabled: false,
  playback_token: 'tok',
  xtream_password: 'xtream-pass-1234',
  created_at: '2026-01-01T00:00:00Z',
};

export function makeProvider(overrides: Partial<Provider> = {}): Provider {
  return {
    id: 7,
    name: 'Home playlist',
    kind: 'm3u_url',
    url: 'https://example.test/***',
    username: null,
    has_password: false,
    enabled: true,
    priority: 5,
    max_connections: 1,
    sync_cron: '0 0 * * * ?',
    user_agent: null,
    include_groups: [],
    exclude_groups: [],
    import_live: true,
    import_vod: true,
    import_series: true,
    max_removal_percent: 50,
    created_at: '2026-01-01T00:00:00Z',
    last_sync_at: null,
    last_sync_status: null,
    last_sync_message: null,
    counts: { live_streams: 0, vod: 0, series: 0 },
    ffprobe_mode: 'off',
    ...overrides,
  };
}

export const userMe: Me = { ...adminMe, id: 'u1', username: 'viewer', roles: ['user'] };

export function makeEpgSource(overrides: Partial<EpgSource> = {}): EpgSource {
  return {
    id: 3,
    name: 'UK guide',
    kind: 'url',
    url: 'https://guide.example/epg.xml.gz?username=***&password=***',
    provider_id: null,
    enabled: true,
    priority: 0,
    last_refresh_at: null,
    last_successful_refresh_at: null,
    last_refresh_status: null,
    last_refresh_message: null,
    channels: 0,
    programmes: 0,
    ...overrides,
  };
}

export function makeJobRun(overrides: Partial<JobRun> = {}): JobRun {
  return {
    id: 'r1',
    job_key: 'job',
    status: 'queued',
    triggered_by: 'manual:admin',
    queued_at: '2026-01-01T00:00:00Z',
    started_at: null,
    finished_at: null,
    progress: null,
    message: null,
    ...overrides,
  };
}
