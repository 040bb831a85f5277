// Wire types of the M3uStrm.Server API (snake_case JSON). Keep in step with /openapi/v1.json.

export type Role = 'admin' | 'user';

/** RFC 9457 problem details, with the ASP.NET validation extension `errors`. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: Record<string, string[]>;
  requires_two_factor?: boolean;
  [extension: string]: unknown;
}

export interface Me {
  id: string;
  username: string;
  email: string | null;
  roles: string[];
  enabled: boolean;
  two_factor_enabled: boolean;
  playback_token: string;
  created_at: string;
}

export interface User {
  id: string;
  username: string;
  email: string | null;
  roles: string[];
  enabled: boolean;
  two_factor_enabled: boolean;
  locked_out_until: string | null;
  created_at: string;
  last_login_at: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface LoginRequest {
  username: string;
  password: string;
  two_factor_code?: string;
}

export interface ChangePasswordRequest {
  current_password: string;
  new_password: string;
}

export interface CreateUserRequest {
  username: string;
  email?: string;
  password: string;
  role: Role;
}

export interface UpdateUserRequest {
  email?: string;
  role?: Role;
  enabled?: boolean;
  password?: string;
}

// Providers

export type ProviderKind = 'm3u_url' | 'm3u_file' | 'xtream';

export interface Provider {
  id: number;
  name: string;
  kind: ProviderKind;
  /** Masked (credentials hidden); null for uploaded files. */
  url: string | null;
  username: string | null;
  has_password: boolean;
  enabled: boolean;
  priority: number;
  max_connections: number;
  sync_cron: string;
  user_agent: string | null;
  include_groups: string[];
  exclude_groups: string[];
  import_live: boolean;
  import_vod: boolean;
  import_series: boolean;
  max_removal_percent: number;
  created_at: string;
  last_sync_at: string | null;
  last_sync_status: string | null;
  last_sync_message: string | null;
  counts: { live_streams: number; vod: number; series: number };
}

export interface ProviderRequest {
  name?: string;
  kind?: ProviderKind;
  url?: string;
  username?: string;
  password?: string;
  enabled?: boolean;
  priority?: number;
  max_connections?: number;
  sync_cron?: string;
  sync_interval_minutes?: number;
  user_agent?: string;
  include_groups?: string[];
  exclude_groups?: string[];
  import_live?: boolean;
  import_vod?: boolean;
  import_series?: boolean;
  max_removal_percent?: number;
}

export interface XtreamAccount {
  status: string | null;
  expires_at: string | null;
  max_connections: number | null;
  active_connections: number | null;
  is_trial: boolean | null;
}

export interface ProviderTestResult {
  ok: boolean;
  error: string | null;
  live: number;
  vod: number;
  series: number;
  groups: { name: string; count: number }[];
  problems: { line: number; code: string; message: string }[];
  account: XtreamAccount | null;
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobRunAccepted {
  run_id: string;
  job_key: string;
  status: RunStatus;
}

export interface JobRun {
  id: string;
  job_key: string;
  status: RunStatus;
  triggered_by: string;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  progress: string | null;
  message: string | null;
}

export interface SyncLog {
  id: number;
  sync_timestamp: string;
  status: 'succeeded' | 'failed' | 'rejected' | string;
  sync_duration_seconds: number;
  channels_added: number;
  channels_removed: number;
  channels_updated: number;
  vod_added: number;
  vod_removed: number;
  vod_updated: number;
  series_added: number;
  series_removed: number;
  series_updated: number;
  errors_count: number;
  error_details: { phase: string; message: string; item?: string | null }[] | null;
  data_freshness_hours: number | null;
}

export interface ProviderPerformance {
  provider_id: number;
  provider_name: string;
  avg_sync_duration: number;
  sync_count: number;
  total_errors: number;
  avg_freshness_hours: number;
}

// Channels

export interface ChannelSummary {
  id: number;
  name: string;
  number: number | null;
  group_title: string | null;
  logo: string | null;
  epg_channel_id: string | null;
  enabled: boolean;
  region: string | null;
  variant: string | null;
  stream_count: number;
  active_stream_count: number;
}

export interface ChannelStream {
  provider_stream_id: number;
  provider_id: number;
  provider_name: string;
  name: string;
  quality: string;
  quality_score: number;
  status: string;
  order: number;
  is_active: boolean;
  manual: boolean;
  merge_method: string;
  merge_confidence: number;
  removed: boolean;
}

export interface ChannelDetail {
  channel: ChannelSummary;
  streams: ChannelStream[];
}

export interface ChannelUpdate {
  name?: string;
  number?: number;
  group_title?: string;
  logo?: string;
  epg_channel_id?: string;
  enabled?: boolean;
}

// Jobs

export interface Job {
  key: string;
  description: string;
  schedule: string;
  next_run_at: string | null;
  previous_run_at: string | null;
  status: string;
  last_run: JobRun | null;
}
