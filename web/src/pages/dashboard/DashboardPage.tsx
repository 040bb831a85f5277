import { useQuery } from '@tanstack/react-query';
import { Activity, ListVideo, Server, type LucideIcon } from 'lucide-react';
import { isAdmin, useMe } from '../../api/auth';
import { api } from '../../api/client';
import { listProviders, providersQueryKey } from '../../api/providers';
import { PageHeader } from '../../components/PageHeader';

interface Card {
  title: string;
  icon: LucideIcon;
  value?: string;
  detail?: string;
}

export function DashboardPage() {
  const me = useMe();
  const admin = isAdmin(me.data);
  const providers = useQuery({
    queryKey: providersQueryKey,
    queryFn: ({ signal }) => listProviders(signal),
    enabled: admin,
  });
  const channels = useQuery({
    queryKey: ['admin', 'channels', 'count'],
    queryFn: ({ signal }) => api<{ total: number }>('/api/admin/channels?page_size=1', { signal }),
    enabled: admin,
  });

  const failing = providers.data?.filter((p) => p.last_sync_status && p.last_sync_status !== 'succeeded').length ?? 0;
  const cards: Card[] = [
    {
      title: 'Providers',
      icon: Server,
      value: providers.data ? String(providers.data.length) : undefined,
      detail: providers.data ? (failing > 0 ? `${failing} with a failed last sync` : 'all synced fine') : undefined,
    },
    {
      title: 'Channels',
      icon: ListVideo,
      value: channels.data ? String(channels.data.total) : undefined,
      detail: channels.data ? 'merged across providers' : undefined,
    },
    { title: 'Active viewers', icon: Activity, detail: 'arrives with playback' },
  ];

  return (
    <>
      <PageHeader title="Dashboard" description="An overview of providers, channels and who is watching." />
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {cards.map(({ title, icon: Icon, value, detail }) => (
          <li
            key={title}
            className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
          >
            <div className="flex items-center justify-between text-sm font-medium text-slate-500 dark:text-slate-400">
              <h2>{title}</h2>
              <Icon aria-hidden="true" className="size-4" />
            </div>
            <p className="mt-3 text-3xl font-semibold" aria-label={`${title}: ${value ?? 'not available'}`}>
              {value ?? '—'}
            </p>
            {detail && <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{detail}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}
