import { useId, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Merge } from 'lucide-react';
import { channelQueryKey, channelsQueryKey, listChannels, mergeChannel } from '../../api/channels';
import type { ChannelSummary } from '../../api/types';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/States';
import { TextField } from '../../components/TextField';
import { useDebounced } from '../../lib/useDebounced';

/** Search for another channel and merge its streams into this one (the other channel goes away). */
export function MergePicker({ channel }: { channel: ChannelSummary }) {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const term = useDebounced(search.trim(), 300);
  const resultsId = useId();
  const candidates = useQuery({
    queryKey: [...channelsQueryKey, 'merge-candidates', term],
    queryFn: ({ signal }) => listChannels({ search: term, page: 1, pageSize: 10 }, signal),
    enabled: term.length > 0,
  });
  const merge = useMutation({
    mutationFn: (source: ChannelSummary) => mergeChannel(channel.id, source.id),
    onSuccess: (detail, source) => {
      queryClient.setQueryData(channelQueryKey(channel.id), detail);
      queryClient.removeQueries({ queryKey: channelQueryKey(source.id) });
      void queryClient.invalidateQueries({ queryKey: channelsQueryKey });
      setSearch('');
    },
  });
  const others = (candidates.data?.items ?? []).filter((c) => c.id !== channel.id);

  const pick = (source: ChannelSummary) => {
    if (window.confirm(`Merge “${source.name}” into “${channel.name}”? Its streams move here and it is removed.`)) {
      merge.mutate(source);
    }
  };

  return (
    <Card title="Merge another channel into this one">
      <TextField
        label="Find channel"
        type="search"
        placeholder="Channel name or EPG id"
        aria-controls={resultsId}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <div id={resultsId} className="mt-3" aria-live="polite">
        {term.length === 0 ? null : candidates.isPending ? (
          <LoadingState label="Searching…" />
        ) : candidates.isError ? (
          <ErrorAlert error={candidates.error} />
        ) : others.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">No other channel matches.</p>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800">
            {others.map((c) => (
              <li key={c.id} className="flex items-center justify-between gap-3 py-2">
                <span className="min-w-0 text-sm">
                  <span className="block break-words font-medium">{c.name}</span>
                  <span className="text-xs text-slate-500 dark:text-slate-400">
                    {c.group_title ?? 'no group'} · {c.stream_count} stream{c.stream_count === 1 ? '' : 's'}
                  </span>
                </span>
                <Button
                  variant="secondary"
                  busy={merge.isPending && merge.variables?.id === c.id}
                  disabled={merge.isPending}
                  aria-label={`Merge ${c.name} into this channel`}
                  onClick={() => pick(c)}
                >
                  <Merge aria-hidden="true" className="size-4" />
                  Merge
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {merge.isError && (
        <div className="mt-3">
          <ErrorAlert error={merge.error} />
        </div>
      )}
      {merge.isSuccess && (
        <p role="status" className="mt-3 text-sm text-emerald-700 dark:text-emerald-400">
          Merged {merge.variables.name} into this channel.
        </p>
      )}
    </Card>
  );
}
