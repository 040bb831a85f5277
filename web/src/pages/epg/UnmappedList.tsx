import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link2, Search } from 'lucide-react';
import { epgUnmappedQueryKey, listUnmapped } from '../../api/epg';
import type { UnmappedChannel } from '../../api/types';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatCount } from '../../lib/format';
import { GuideChannelPicker } from './GuideChannelPicker';
import { useSetMapping, type MapRequest } from './useMapping';

const pageSize = 25;

function UnmappedRow({ channel, onMapped }: { channel: UnmappedChannel; onMapped: (request: MapRequest) => void }) {
  const [picking, setPicking] = useState(false);
  const map = useSetMapping(onMapped);
  return (
    <li className="py-3 first:pt-0 last:pb-0">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="break-words text-sm font-medium">
            {channel.number !== null && <span className="mr-1 tabular-nums text-slate-500 dark:text-slate-400">{channel.number}</span>}
            {channel.name}
          </p>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {[channel.group_title, channel.epg_channel_id ? `tvg-id ${channel.epg_channel_id}` : null, channel.reason].filter(Boolean).join(' · ')}
          </p>
        </div>
        <Button
          variant="secondary"
          className="shrink-0"
          aria-expanded={picking}
          aria-label={`Choose a guide channel for ${channel.name}`}
          onClick={() => setPicking((p) => !p)}
        >
          <Search aria-hidden="true" className="size-4" />
          Choose…
        </Button>
      </div>
      {channel.suggestions.length > 0 && (
        <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
          <span className="text-slate-500 dark:text-slate-400">Suggestions:</span>
          {channel.suggestions.map((s) => (
            <Button
              key={s.epg_channel_id}
              variant="ghost"
              className="min-h-8 border border-dashed border-slate-300 px-2 py-1 text-xs dark:border-slate-600"
              busy={map.isPending && map.variables?.epgChannelId === s.epg_channel_id}
              disabled={map.isPending}
              aria-label={`Map ${channel.name} to ${s.display_name} (${Math.round(s.score)}% similar)`}
              onClick={() =>
                map.mutate({ channelId: channel.channel_id, channelName: channel.name, epgChannelId: s.epg_channel_id, guideName: s.display_name })
              }
            >
              <Link2 aria-hidden="true" className="size-3" />
              {s.display_name} <span className="text-slate-500 dark:text-slate-400">{Math.round(s.score)}%</span>
            </Button>
          ))}
        </div>
      )}
      {map.isError && (
        <div className="mt-2">
          <ErrorAlert error={map.error} />
        </div>
      )}
      {picking && (
        <GuideChannelPicker
          channel={{ id: channel.channel_id, name: channel.name }}
          onMapped={(request) => {
            setPicking(false);
            onMapped(request);
          }}
          onCancel={() => setPicking(false)}
        />
      )}
    </li>
  );
}

/** Enabled channels without guide data: no mapping, or a guide channel without programmes. */
export function UnmappedList({ onMapped }: { onMapped: (request: MapRequest) => void }) {
  const [page, setPage] = useState(1);
  const unmapped = useQuery({
    queryKey: [...epgUnmappedQueryKey, page],
    queryFn: ({ signal }) => listUnmapped(page, pageSize, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-labelledby="unmapped-heading">
      <h3 id="unmapped-heading" className="mb-2 text-sm font-semibold">
        Channels without guide data{unmapped.data ? ` (${formatCount(unmapped.data.total)})` : ''}
      </h3>
      {unmapped.isPending ? (
        <LoadingState label="Loading channels without guide data…" />
      ) : unmapped.isError ? (
        <ErrorState error={unmapped.error} onRetry={() => void unmapped.refetch()} />
      ) : unmapped.data.items.length === 0 ? (
        <EmptyState title="Every channel has guide data" />
      ) : (
        <>
          <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-busy={unmapped.isFetching || undefined}>
            {unmapped.data.items.map((c) => (
              <UnmappedRow key={c.channel_id} channel={c} onMapped={onMapped} />
            ))}
          </ul>
          <Pager label="Channels without guide data pages" page={page} total={unmapped.data.total} pageSize={pageSize} onPage={setPage} />
        </>
      )}
    </section>
  );
}
