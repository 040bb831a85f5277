import { Link } from 'react-router';
import type { Provider } from '../../api/types';
import { Badge, statusTone } from '../../components/Badge';
import { focusRing } from '../../components/Button';
import { formatCount, formatDate } from '../../lib/format';
import { SyncNow } from './SyncNow';

export const kindLabels: Record<string, string> = { m3u_url: 'M3U URL', m3u_file: 'M3U file', xtream: 'Xtream' };

export function ProviderRow({ provider }: { provider: Provider }) {
  return (
    <li className="py-4 first:pt-0 last:pb-0">
      <div className="flex flex-col gap-3 lg:flex-row lg:items-start lg:justify-between">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2">
            <Link
              to={`/providers/${provider.id}`}
              className={`break-all font-medium text-indigo-700 hover:underline dark:text-indigo-300 ${focusRing} rounded`}
            >
              {provider.name}
            </Link>
            <Badge tone="indigo">{kindLabels[provider.kind] ?? provider.kind}</Badge>
            {provider.enabled ? <Badge tone="green">enabled</Badge> : <Badge tone="red">disabled</Badge>}
          </p>
          <p className="break-all font-mono text-xs text-slate-500 dark:text-slate-400">
            {provider.url ?? (provider.kind === 'm3u_file' ? 'uploaded file' : '—')}
          </p>
          <p className="text-xs text-slate-600 dark:text-slate-300">
            {formatCount(provider.counts.live_streams)} live · {formatCount(provider.counts.vod)} movies ·{' '}
            {formatCount(provider.counts.series)} series
          </p>
          <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
            <span>Last sync:</span>
            {provider.last_sync_status ? (
              <Badge tone={statusTone(provider.last_sync_status)}>{provider.last_sync_status}</Badge>
            ) : null}
            <span>{formatDate(provider.last_sync_at)}</span>
          </p>
        </div>
        <div className="lg:w-72 lg:shrink-0">
          <SyncNow provider={provider} compact />
        </div>
      </div>
    </li>
  );
}
