import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Pencil, Unlink } from 'lucide-react';
import { epgMappingsQueryKey, listEpgMappings } from '../../api/epg';
import type { EpgMapping, EpgMappingStats } from '../../api/types';
import { Badge, type Tone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatCount } from '../../lib/format';
import { GuideChannelPicker } from './GuideChannelPicker';
import { useDeleteMapping, type MapRequest } from './useMapping';

const pageSize = 25;

const methodTones: Record<string, Tone> = { manual: 'indigo', tvg_id: 'green', name: 'sky', fuzzy: 'amber' };

function MappedRow({
  mapping,
  onMapped,
  onRemoved,
}: {
  mapping: EpgMapping;
  onMapped: (request: MapRequest) => void;
  onRemoved: (channelName: string, stats: EpgMappingStats) => void;
}) {
  const [picking, setPicking] = useState(false);
  const remove = useDeleteMapping();
  const label = `${mapping.channel_name} → ${mapping.guide_name}`;
  return (
    <li className="py-3 first:pt-0 last:pb-0">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 text-sm">
          <p className="break-words font-medium">{mapping.channel_name}</p>
          <p className="break-words text-slate-600 dark:text-slate-300">
            <span aria-hidden="true">→ </span>
            <span className="sr-only">mapped to </span>
            {mapping.guide_name} <span className="break-all text-xs text-slate-500 dark:text-slate-400">({mapping.xmltv_id})</span>
          </p>
          <p className="mt-1 flex flex-wrap items-center gap-1.5 text-xs">
            <Badge tone={methodTones[mapping.method] ?? 'slate'} title="How the guide channel was found">
              {mapping.method}
              {mapping.method === 'fuzzy' ? ` ${Math.round(mapping.score)}%` : ''}
            </Badge>
            {mapping.shift_minutes !== 0 && (
              <Badge tone="amber">
                shift {mapping.shift_minutes > 0 ? '+' : ''}
                {mapping.shift_minutes} min
              </Badge>
            )}
          </p>
        </div>
        <div className="flex shrink-0 gap-2">
          <Button variant="secondary" aria-expanded={picking} aria-label={`Change the guide channel of ${mapping.channel_name}`} onClick={() => setPicking((p) => !p)}>
            <Pencil aria-hidden="true" className="size-4" />
            Change
          </Button>
          <Button
            variant="ghost"
            busy={remove.isPending}
            aria-label={`Remove mapping ${label}`}
            onClick={() =>
              remove.mutate(
                { channelId: mapping.channel_id, channelName: mapping.channel_name },
                { onSuccess: (stats) => onRemoved(mapping.channel_name, stats) },
              )
            }
          >
            <Unlink aria-hidden="true" className="size-4" />
            Remove
          </Button>
        </div>
      </div>
      {remove.isError && (
        <div className="mt-2">
          <ErrorAlert error={remove.error} />
        </div>
      )}
      {picking && (
        <GuideChannelPicker
          channel={{ id: mapping.channel_id, name: mapping.channel_name }}
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

/** Channels with a guide channel, how it was found (manual, tvg-id, name, fuzzy) and the time shift. */
export function MappedList({
  onMapped,
  onRemoved,
}: {
  onMapped: (request: MapRequest) => void;
  onRemoved: (channelName: string, stats: EpgMappingStats) => void;
}) {
  const [page, setPage] = useState(1);
  const mappings = useQuery({
    queryKey: [...epgMappingsQueryKey, page],
    queryFn: ({ signal }) => listEpgMappings(page, pageSize, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-labelledby="mapped-heading">
      <h3 id="mapped-heading" className="mb-2 text-sm font-semibold">
        Mapped channels{mappings.data ? ` (${formatCount(mappings.data.total)})` : ''}
      </h3>
      {mappings.isPending ? (
        <LoadingState label="Loading mappings…" />
      ) : mappings.isError ? (
        <ErrorState error={mappings.error} onRetry={() => void mappings.refetch()} />
      ) : mappings.data.items.length === 0 ? (
        <EmptyState title="No channel is mapped yet">Add a guide, or map channels by hand below.</EmptyState>
      ) : (
        <>
          <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-busy={mappings.isFetching || undefined}>
            {mappings.data.items.map((m) => (
              <MappedRow key={m.channel_id} mapping={m} onMapped={onMapped} onRemoved={onRemoved} />
            ))}
          </ul>
          <Pager label="Mapped channels pages" page={page} total={mappings.data.total} pageSize={pageSize} onPage={setPage} />
        </>
      )}
    </section>
  );
}
