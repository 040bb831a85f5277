import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Activity, Bell, Clapperboard, HeartPulse, ListVideo, Server, type LucideIcon } from 'lucide-react';
import { getUnreadCount, unreadCountQueryKey } from '../../api/alerts';
import { analyticsQueryKey, getMyStats } from '../../api/analytics';
import { isAdmin, useMe } from '../../api/auth';
import { api, errorMessage } from '../../api/client';
import { listProviders, providersQueryKey } from '../../api/providers';
import type { Provider } from '../../api/types';
import { Badge, statusTone } from '../../components/Badge';
import { focusRing } from '../../components/Button';
import { Card } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatCount, formatDate } from '../../lib/format';
import { useLiveSnapshot, type LiveState } from '../../lib/useLiveSnapshot';

/** What a card shows while its number is on its way or could not be had. */
type Pending = { loading: true } | { error: unknown };

interface StatCardProps {
  title: string;
  icon: LucideIcon;
  value: string | Pending;
  detail?: ReactNode;
  /** Where the card leads (the page with the details). */
  to?: string;
}

/** One number with its title; "…" while loading and the problem's text when it failed. */
export function StatCard({ title, icon: Icon, value, detail, to }: StatCardProps) {
  const shown = typeof value === 'string' ? value : '—';
  const label = typeof value === 'string' ? `${title}: ${value}` : 'loading' in value ? `${title}: loading` : `${title}: not available`;
  return (
    <li className="relative rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-center justify-between text-sm font-medium text-slate-500 dark:text-slate-400">
        <h2>
          {to ? (
            // The link covers the whole card (the ::after), so the card is one tab stop.
            <Link to={to} className={`rounded after:absolute after:inset-0 after:content-[''] hover:underline ${focusRing}`}>
              {title}
            </Link>
          ) : (
            title
          )}
        </h2>
        <Icon aria-hidden="true" className="size-4" />
      </div>
      <p className="mt-3 text-3xl font-semibold tabular-nums" aria-label={label}>
        {typeof value !== 'string' && 'loading' in value ? <span className="animate-pulse text-slate-400">…</span> : shown}
      </p>
      {typeof value !== 'string' && 'error' in value ? (
        <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
          {errorMessage(value.error)}
        </p>
      ) : (
        detail && <div className="mt-1 text-xs text-slate-500 dark:text-slate-400">{detail}</div>
      )}
    </li>
  );
}

/** A query's value as a card value. */
function valueOf<T>(query: { data: T | undefined; error: unknown; isError: boolean }, show: (data: T) => string): string | Pending {
  if (query.data !== undefined) return show(query.data);
  return query.isError ? { error: query.error } : { loading: true };
}

function liveDetail(state: LiveState) {
  return state === 'open' ? 'live' : state === 'connecting' ? 'connecting…' : 'disconnected, reconnecting';
}

/** The providers' last syncs, most recent first; providers never synced last. */
export function sortByLastSync(providers: Provider[]): Provider[] {
  return [...providers].sort((a, b) => {
    if (a.last_sync_at === b.last_sync_at) return a.name.localeCompare(b.name);
    if (!a.last_sync_at) return 1;
    if (!b.last_sync_at) return -1;
    return b.last_sync_at.localeCompare(a.last_sync_at);
  });
}

function LastSyncs({ providers }: { providers: ReturnType<typeof useProviders> }) {
  return (
    <Card title="Last syncs">
      {providers.isPending ? (
        <LoadingState label="Loading providers…" />
      ) : providers.isError ? (
        <ErrorState error={providers.error} onRetry={() => void providers.refetch()} />
      ) : providers.data.length === 0 ? (
        <EmptyState title="No providers yet">
          <Link to="/providers/new" className={`rounded font-medium text-indigo-700 hover:underline dark:text-indigo-400 ${focusRing}`}>
            Add a provider
          </Link>
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-label="Last sync per provider">
          {sortByLastSync(providers.data).map((p) => (
            <li key={p.id} className="flex flex-col gap-1 py-2 text-sm sm:flex-row sm:items-center sm:justify-between sm:gap-3">
              <div className="min-w-0">
                <Link to={`/providers/${p.id}`} className={`rounded font-medium hover:underline ${focusRing}`}>
                  {p.name}
                </Link>
                {!p.enabled && (
                  <span className="ml-2">
                    <Badge tone="amber">disabled</Badge>
                  </span>
                )}
                {p.last_sync_message && p.last_sync_status !== 'succeeded' && (
                  <p className="break-words text-xs text-slate-500 dark:text-slate-400">{p.last_sync_message}</p>
                )}
              </div>
              <div className="flex shrink-0 items-center gap-2">
                <Badge tone={statusTone(p.last_sync_status)}>{p.last_sync_status ?? 'never synced'}</Badge>
                <span className="whitespace-nowrap text-xs text-slate-500 dark:text-slate-400">{formatDate(p.last_sync_at, '')}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function useProviders() {
  return useQuery({ queryKey: providersQueryKey, queryFn: ({ signal }) => listProviders(signal) });
}

function AdminDashboard() {
  const providers = useProviders();
  const channels = useQuery({
    queryKey: ['admin', 'channels', 'count'],
    queryFn: ({ signal }) => api<{ total: number }>('/api/admin/channels?page_size=1', { signal }),
  });
  const unread = useQuery({ queryKey: unreadCountQueryKey, queryFn: ({ signal }) => getUnreadCount(signal), refetchInterval: 60_000 });
  const live = useLiveSnapshot();

  const failing = providers.data?.filter((p) => p.last_sync_status && p.last_sync_status !== 'succeeded').length ?? 0;
  const snapshot = live.snapshot;
  const liveValue = (show: (s: NonNullable<typeof snapshot>) => string): string | Pending =>
    snapshot ? show(snapshot) : live.state === 'closed' ? { error: new Error('The live feed is disconnected; reconnecting.') } : { loading: true };

  return (
    <div className="grid gap-6">
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Overview">
        <StatCard
          title="Providers"
          icon={Server}
          to="/providers"
          value={valueOf(providers, (d) => formatCount(d.length))}
          detail={providers.data && (failing > 0 ? `${failing} with a failed last sync` : 'all synced fine')}
        />
        <StatCard
          title="Channels"
          icon={ListVideo}
          to="/channels"
          value={valueOf(channels, (d) => formatCount(d.total))}
          detail={channels.data && 'merged across providers'}
        />
        <StatCard title="Active viewers" icon={Activity} to="/live" value={liveValue((s) => formatCount(s.active_viewers))} detail={liveDetail(live.state)} />
        <StatCard
          title="Streams alive"
          icon={HeartPulse}
          to="/health"
          value={liveValue((s) => formatCount(s.stream_health.alive))}
          detail={snapshot ? `${formatCount(snapshot.stream_health.dead)} dead, ${formatCount(snapshot.stream_health.unknown)} not checked yet` : undefined}
        />
        <StatCard
          title="Unread notifications"
          icon={Bell}
          to="/notifications"
          value={valueOf(unread, (n) => formatCount(n))}
          detail={unread.data !== undefined && (unread.data === 0 ? 'all caught up' : 'alerts waiting to be read')}
        />
      </ul>
      <LastSyncs providers={providers} />
    </div>
  );
}

function UserDashboard() {
  const mine = useQuery({ queryKey: [...analyticsQueryKey, 'mine', 30], queryFn: ({ signal }) => getMyStats(30, signal) });
  const top = mine.data?.top_channels[0];
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Overview">
      <StatCard title="Hours watched" icon={Clapperboard} value={valueOf(mine, (d) => d.totals.hours.toFixed(1))} detail={mine.data && 'in the last 30 days'} />
      <StatCard
        title="Channels watched"
        icon={ListVideo}
        to="/guide"
        value={valueOf(mine, (d) => formatCount(d.totals.channels_watched))}
        detail={mine.data && (top ? `most: ${top.name}` : 'see what is on in the guide')}
      />
    </ul>
  );
}

export function DashboardPage() {
  const me = useMe();
  return (
    <>
      <PageHeader title="Dashboard" description="An overview of providers, channels and who is watching." />
      {me.data && (isAdmin(me.data) ? <AdminDashboard /> : <UserDashboard />)}
    </>
  );
}
