import { Link } from 'react-router';
import type { EpgSource } from '../../api/types';
import { Badge, statusTone } from '../../components/Badge';
import { focusRing } from '../../components/Button';
import { formatCount, formatDate } from '../../lib/format';
import { RefreshNow } from './RefreshNow';
import { sourceKindLabels } from './sourceKinds';

export function EpgSourceRow({ source, startedRunId }: { source: EpgSource; startedRunId?: string | null }) {
  return (
    <li className="@container py-4 first:pt-0 last:pb-0">
      {/* Side by side only when the list itself is wide (the card is narrow beside the add form). */}
      <div className="flex flex-col gap-3 @2xl:flex-row @2xl:items-start @2xl:justify-between">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2">
            <Link
              to={`/epg/sources/${source.id}`}
              className={`break-all rounded font-medium text-indigo-700 hover:underline dark:text-indigo-300 ${focusRing}`}
            >
              {source.name}
            </Link>
            <Badge tone="indigo">{sourceKindLabels[source.kind] ?? source.kind}</Badge>
            {source.enabled ? <Badge tone="green">enabled</Badge> : <Badge tone="red">disabled</Badge>}
          </p>
          <p className="break-all font-mono text-xs text-slate-500 dark:text-slate-400">
            {source.url ?? (source.kind === 'file' ? 'uploaded file' : '—')}
          </p>
          <p className="text-xs text-slate-600 dark:text-slate-300">
            {formatCount(source.channels)} channel{source.channels === 1 ? '' : 's'} · {formatCount(source.programmes)} programme
            {source.programmes === 1 ? '' : 's'}
          </p>
          <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
            <span>Last refresh:</span>
            {source.last_refresh_status && <Badge tone={statusTone(source.last_refresh_status)}>{source.last_refresh_status}</Badge>}
            <span>{formatDate(source.last_refresh_at)}</span>
          </p>
          {source.last_refresh_message && (
            <p className="break-words text-xs text-slate-500 dark:text-slate-400">{source.last_refresh_message}</p>
          )}
        </div>
        <div className="@2xl:w-72 @2xl:shrink-0">
          <RefreshNow source={source} compact startedRunId={startedRunId} />
        </div>
      </div>
    </li>
  );
}
