// Wire types of the M3uStrm.Server API (snake_case JSON). Responses are aliases of the schemas generated
// from the server's OpenAPI document (./schema.ts, `npm run gen:api`), narrowed where the document only
// says `string` for what is a closed set of words. Request bodies are written by hand (the UI sends a
// subset and leaves the rest out) and checked against the generated schema by `RequestBody`.
import type { components } from './schema';

type Schemas = components['schemas'];

/** A generated schema with some of its fields narrowed; a field that is not a narrowing fails to compile. */
type Narrow<T, N extends { [K in keyof N]: K extends keyof T ? T[K] : never }> = Omit<T, keyof N> & N;

/** A hand-written request body whose every field exists in the generated schema with a compatible type. */
type RequestBody<Schema, Body extends { [K in keyof Body]: K extends keyof Schema ? Exclude<Schema[K], null> | undefined : never }> = Body;

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

export type Me = Schemas['MeResponse'];

export type User = Schemas['UserResponse'];

/** Every paged list (the document names each one `PagedOfX`). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export type LoginRequest = RequestBody<Schemas['LoginRequest'], { username: string; password: string; two_factor_code?: string }>;

export type ChangePasswordRequest = RequestBody<Schemas['ChangePasswordRequest'], { current_password: string; new_password: string }>;

export type CreateUserRequest = RequestBody<Schemas['CreateUserRequest'], { username: string; email?: string; password: string; role: Role }>;

export type UpdateUserRequest = RequestBody<Schemas['UpdateUserRequest'], { email?: string; role?: Role; enabled?: boolean; password?: string }>;

// Providers

export type ProviderKind = 'm3u_url' | 'm3u_file' | 'xtream';

/** `url` is masked (credentials hidden) and null for uploaded files. */
export type Provider = Narrow<Schemas['ProviderResponse'], { kind: ProviderKind }>;

export type ProviderRequest = RequestBody<
  Schemas['ProviderRequest'],
  {
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
>;

export type XtreamAccount = Schemas['XtreamAccountInfo'];

export type ProviderTestResult = Schemas['ProviderTestResult'];

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export type JobRunAccepted = Narrow<Schemas['JobRunAccepted'], { status: RunStatus }>;

export type JobRun = Narrow<Schemas['JobRunResponse'], { status: RunStatus }>;

export type SyncLog = Narrow<
  Schemas['SyncLogResponse'],
  { error_details: { phase: string; message: string; item?: string | null }[] | null }
>;

/** Not in the OpenAPI document: the endpoint also answers CSV, so it returns an untyped result. */
export interface ProviderPerformance {
  provider_id: number;
  provider_name: string;
  avg_sync_duration: number;
  sync_count: number;
  total_errors: number;
  avg_freshness_hours: number;
}

// Channels

export type ChannelSummary = Schemas['ChannelSummary'];

export type ChannelStream = Schemas['ChannelStreamView'];

export type ChannelDetail = Schemas['ChannelDetail'];

export type ChannelUpdate = RequestBody<
  Schemas['ChannelUpdate'],
  { name?: string; number?: number; group_title?: string; logo?: string; epg_channel_id?: string; enabled?: boolean }
>;

// Jobs

export type Job = Narrow<Schemas['JobResponse'], { last_run: JobRun | null }>;

// EPG

export type EpgSourceKind = 'url' | 'file' | 'provider_m3u' | 'provider_xtream';

/** `url` is masked (credentials hidden); null for uploaded files. Provider sources follow their provider. */
export type EpgSource = Narrow<Schemas['EpgSourceResponse'], { kind: EpgSourceKind }>;

export type EpgSourceRequest = RequestBody<Schemas['EpgSourceRequest'], { name?: string; url?: string; enabled?: boolean; priority?: number }>;

export interface EpgProblem {
  line: number;
  code: string;
  message: string;
}

export type EpgRefreshLog = Narrow<Schemas['EpgRefreshLogResponse'], { error_details: EpgProblem[] }>;

export type EpgChannel = Schemas['EpgChannelResponse'];

export type EpgMapping = Schemas['EpgMappingResponse'];

export type EpgMappingRequest = RequestBody<
  Schemas['EpgMappingRequest'],
  { epg_channel_id?: number; xmltv_id?: string; source_id?: number; shift_minutes?: number }
>;

export type EpgMappingStats = Schemas['EpgMappingStats'];

export type EpgSuggestion = Schemas['EpgSuggestion'];

export type UnmappedChannel = Schemas['UnmappedChannel'];

export type Programme = Schemas['ProgrammeView'];

export type NowNext = Schemas['NowNext'];

// Health

export type HealthSummary = Schemas['HealthSummary'];

export type HealthCheckRequest = RequestBody<Schemas['HealthCheckRequest'], { provider_id?: number; channel_id?: number; stream_id?: number }>;

export type StreamCheck = Schemas['StreamCheckResponse'];

/** Not in the OpenAPI document: the endpoint also answers CSV, so it returns an untyped result. */
export interface QualityHistoryRow {
  timestamp: string;
  resolution: string | null;
  /** Kilobits per second. */
  bitrate: number | null;
  quality_score: number;
  codec: string | null;
  fps: number | null;
  analysis_method: 'name' | 'url' | 'ffprobe' | string;
}

// Analytics (JSON or CSV endpoints: absent from the OpenAPI document, written by hand from Features/Analytics)

export interface EngagementRow {
  user_id: string;
  username: string;
  total_sessions: number;
  total_hours_watched: number;
  avg_session_minutes: number;
  active_days: number;
  last_active: string | null;
  engagement_score: number;
  content_diversity: number;
  /** Completed sessions as a percentage, 0–100 (design.md §6). */
  completion_rate: number;
}

export interface PopularChannel {
  channel_id: number;
  name: string;
  logo: string | null;
  sessions: number;
  unique_viewers: number;
  hours: number;
}

export interface StatsTotals {
  sessions: number;
  hours: number;
  completed: number;
  active_users: number;
  channels_watched: number;
}

export interface StatsDay {
  /** A UTC date, yyyy-MM-dd. */
  date: string;
  sessions: number;
  hours: number;
  active_users: number;
  peak_concurrent: number;
}

export interface StatsItem {
  id: number;
  kind: string;
  name: string;
  sessions: number;
  hours: number;
}

export interface StatsGroup {
  key: string;
  name: string;
  sessions: number;
  hours: number;
}

export interface AdminStats {
  days: number;
  totals: StatsTotals;
  daily: StatsDay[];
  top_channels: StatsItem[];
  top_vod: StatsItem[];
  by_provider: StatsGroup[];
  by_client: StatsGroup[];
}

export interface CapacityDay {
  date: string;
  peak_concurrent: number;
  refused: number;
  failovers: number;
}

export interface ProviderCapacity {
  provider_id: number;
  provider_name: string;
  max_connections: number;
  peak_concurrent: number;
  hours_at_limit: number;
  refused: number;
  failovers: number;
  daily: CapacityDay[];
  hourly: { hour: string; peak_concurrent: number }[];
}

/** One message of the /ws/analytics/live socket. */
export interface LiveSnapshot {
  active_viewers: number;
  most_watched: { id: number; name: string; viewers: number }[];
  stream_health: { alive: number; dead: number; unknown: number };
  timestamp: string;
}

// Library

export type LibraryStatus = Schemas['LibraryStatusResponse'];

/** What a build did (or, in a dry run, would do); the path lists are capped by the server. */
export type LibraryReport = Schemas['LibraryReport'];

// Alerts, notifications and webhooks

export type AlertRule = Schemas['AlertRuleResponse'];

/** `parameters` may name only the values that change. */
export interface AlertRuleRequest {
  enabled?: boolean;
  parameters?: Record<string, number>;
}

export type Notification = Schemas['NotificationResponse'];

export type NotificationPage = Schemas['NotificationPage'];

export type MarkedRead = Schemas['MarkedRead'];

export type WebhookKind = 'generic' | 'discord' | 'slack';

/** `url` is masked (the secret part hidden). */
export type Webhook = Narrow<Schemas['WebhookResponse'], { kind: WebhookKind }>;

export type WebhookRequest = RequestBody<
  Schemas['WebhookRequest'],
  { name?: string; kind?: WebhookKind; url?: string; enabled?: boolean; send_resolved?: boolean }
>;

export type WebhookTestResult = Schemas['WebhookTestResponse'];

/** `GET /api/analytics/stats`: the signed-in user's own viewing. */
export interface MyStats {
  days: number;
  totals: StatsTotals;
  top_channels: StatsItem[];
  top_vod: StatsItem[];
  daily: StatsDay[];
}

export interface EngagementDay {
  /** A UTC date, yyyy-MM-dd; only days with viewing are listed. */
  date: string;
  sessions: number;
  hours: number;
  completed: number;
}

/** `GET /api/analytics/admin/users/{id}/engagement`. */
export interface UserEngagement {
  summary: EngagementRow;
  daily: EngagementDay[];
}

// Settings

export type SettingType = 'integer' | 'number' | 'boolean' | 'text' | 'choice' | 'cron';

export type SettingValue = string | number | boolean;

/** One server setting: its effective value, default, and where the value comes from (`database` = changed here). */
export type Setting = Narrow<Schemas['SettingResponse'], { type: SettingType; value: SettingValue | null; default: SettingValue | null }>;

/** Written by hand: the document types the values as JSON elements. A null value drops the change made here. */
export interface SettingsUpdate {
  values: Record<string, SettingValue | null>;
}
