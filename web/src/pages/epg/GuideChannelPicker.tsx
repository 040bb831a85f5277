import { useId, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link2 } from 'lucide-react';
import { epgChannelsQueryKey, listEpgChannels } from '../../api/epg';
import { ApiError } from '../../api/client';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/States';
import { TextField } from '../../components/TextField';
import { formatCount } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';
import { useSetMapping, type MapRequest } from './useMapping';

const resultsSize = 20;

/** Searches the guide channels of every source (id or display name) and maps one channel to the one picked. */
export function GuideChannelPicker({
  channel,
  onMapped,
  onCancel,
}: {
  channel: { id: number; name: string };
  onMapped: (request: MapRequest) => void;
  onCancel: () => void;
}) {
  const [search, setSearch] = useState(channel.name);
  const [shift, setShift] = useState('');
  const term = useDebounced(search.trim(), 300);
  const resultsId = useId();
  const results = useQuery({
    queryKey: [...epgChannelsQueryKey, term],
    queryFn: ({ signal }) => listEpgChannels(term, resultsSize, signal),
    placeholderData: keepPreviousData,
  });
  const map = useSetMapping(onMapped);
  const shiftMinutes = shift.trim() === '' ? undefined : Number(shift);

  return (
    <div
      role="group"
      aria-label={`Choose a guide channel for ${channel.name}`}
      className="mt-3 space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3 dark:border-slate-700 dark:bg-slate-800/50"
    >
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem]">
        <TextField
          label="Find guide channel"
          type="search"
          placeholder="Name or XMLTV id"
          aria-controls={resultsId}
          autoFocus
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && onCancel()}
        />
        <TextField
          label="Time shift (minutes)"
          type="number"
          inputMode="numeric"
          min={-1440}
          max={1440}
          placeholder="0"
          value={shift}
          onChange={(e) => setShift(e.target.value)}
          errors={map.error instanceof ApiError ? map.error.fieldErrors('shift_minutes') : []}
        />
      </div>
      <div id={resultsId} aria-live="polite" aria-busy={results.isFetching || undefined}>
        {results.isPending ? (
          <LoadingState label="Searching guide channels…" />
        ) : results.isError ? (
          <ErrorAlert error={results.error} />
        ) : results.data.items.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">No guide channel matches “{term}”.</p>
        ) : (
          <>
            <ul className="max-h-80 divide-y divide-slate-200 overflow-y-auto dark:divide-slate-700">
              {results.data.items.map((g) => (
                <li key={g.id} className="flex items-center justify-between gap-3 py-2">
                  <span className="min-w-0 text-sm">
                    <span className="block break-words font-medium">{g.display_name}</span>
                    <span className="block break-all text-xs text-slate-500 dark:text-slate-400">
                      {g.xmltv_id} · {formatCount(g.programmes)} programme{g.programmes === 1 ? '' : 's'}
                    </span>
                  </span>
                  <Button
                    variant="secondary"
                    className="shrink-0"
                    busy={map.isPending && map.variables?.epgChannelId === g.id}
                    disabled={map.isPending}
                    aria-label={`Map ${channel.name} to ${g.display_name}`}
                    onClick={() =>
                      map.mutate({ channelId: channel.id, channelName: channel.name, epgChannelId: g.id, guideName: g.display_name, shiftMinutes })
                    }
                  >
                    <Link2 aria-hidden="true" className="size-4" />
                    Map
                  </Button>
                </li>
              ))}
            </ul>
            {results.data.total > results.data.items.length && (
              <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
                Showing {results.data.items.length} of {formatCount(results.data.total)}; type more to narrow the list.
              </p>
            )}
          </>
        )}
      </div>
      {map.isError && <ErrorAlert error={map.error} shownFields={['shift_minutes']} />}
      <Button variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}
