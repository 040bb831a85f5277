import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { Activity, ArrowDown, ArrowUp, Scissors } from 'lucide-react';
import { channelQueryKey, channelsQueryKey, reorderStreams, splitChannel } from '../../api/channels';
import type { ChannelDetail, ChannelStream } from '../../api/types';
import { Badge, type Tone } from '../../components/Badge';
import { Button, focusRing } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyState } from '../../components/States';
import { TextField } from '../../components/TextField';
import { ApiError } from '../../api/client';

function qualityTone(quality: string): Tone {
  const q = quality.toLowerCase();
  if (q.includes('4k') || q.includes('uhd') || q.includes('2160')) return 'indigo';
  if (q.includes('fhd') || q.includes('1080')) return 'green';
  if (q.includes('hd') || q.includes('720')) return 'sky';
  if (q.includes('sd') || q.includes('576') || q.includes('480')) return 'amber';
  return 'slate';
}

function streamStatusTone(stream: ChannelStream): Tone {
  if (stream.removed) return 'red';
  const s = stream.status.toLowerCase();
  if (s === 'active' || s === 'ok' || s === 'online') return 'green';
  if (s === 'dead' || s === 'offline' || s === 'failed' || s === 'error') return 'red';
  return 'slate';
}

/** Moves the stream at `index` one place up (-1) or down (+1) and returns every id in the new order. */
export function movedOrder(streams: ChannelStream[], index: number, delta: -1 | 1): number[] {
  const ids = streams.map((s) => s.provider_stream_id);
  const target = index + delta;
  if (target < 0 || target >= ids.length) return ids;
  [ids[index], ids[target]] = [ids[target]!, ids[index]!];
  return ids;
}

/** A channel's streams in failover order: reorder with up/down, split a selection into a new channel. */
export function StreamList({ detail }: { detail: ChannelDetail }) {
  const { channel, streams } = detail;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [splitName, setSplitName] = useState('');

  const reorder = useMutation({
    mutationFn: ({ ids }: { ids: number[]; focus: string }) => reorderStreams(channel.id, ids),
    onSuccess: (result, { focus }) => {
      if (result) queryClient.setQueryData(channelQueryKey(channel.id), result);
      else void queryClient.invalidateQueries({ queryKey: channelQueryKey(channel.id) });
      // Keep the keyboard where it was: on the moved stream's button (or its other one at an end).
      requestAnimationFrame(() => {
        const button = document.getElementById(focus) as HTMLButtonElement | null;
        const fallback = document.getElementById(focus.replace(/-(up|down)-/, (_, d: string) => (d === 'up' ? '-down-' : '-up-')));
        (button && !button.disabled ? button : fallback)?.focus();
      });
    },
  });

  const split = useMutation({
    mutationFn: () => splitChannel(channel.id, [...selected], splitName.trim() || undefined),
    onSuccess: (created) => {
      setSelected(new Set());
      setSplitName('');
      void queryClient.invalidateQueries({ queryKey: channelsQueryKey });
      queryClient.setQueryData(channelQueryKey(created.channel.id), created);
      void navigate(`/channels/${created.channel.id}`);
    },
  });

  const toggle = (id: number, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const move = (index: number, delta: -1 | 1) => {
    const stream = streams[index]!;
    reorder.mutate({
      ids: movedOrder(streams, index, delta),
      focus: `move-${delta < 0 ? 'up' : 'down'}-${stream.provider_stream_id}`,
    });
  };

  const canSplit = selected.size > 0 && selected.size < streams.length;

  return (
    <Card title="Streams in failover order">
      {streams.length === 0 ? (
        <EmptyState title="No streams" />
      ) : (
        <ol className="divide-y divide-slate-200 dark:divide-slate-800" aria-busy={reorder.isPending || undefined}>
          {streams.map((stream, index) => {
            const label = `${stream.name} (${stream.provider_name})`;
            return (
              <li key={stream.provider_stream_id} className="flex items-start gap-3 py-3 first:pt-0 last:pb-0">
                <input
                  type="checkbox"
                  aria-label={`Select ${label}`}
                  checked={selected.has(stream.provider_stream_id)}
                  onChange={(e) => toggle(stream.provider_stream_id, e.target.checked)}
                  className={`mt-1 size-4 shrink-0 accent-indigo-600 ${focusRing}`}
                />
                <span className="mt-0.5 w-6 shrink-0 text-right text-sm tabular-nums text-slate-500 dark:text-slate-400">{index + 1}.</span>
                <div className="min-w-0 flex-1">
                  <p className="break-words text-sm font-medium">{stream.name}</p>
                  <p className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-600 dark:text-slate-300">
                    <span>{stream.provider_name}</span>
                    <Badge tone={qualityTone(stream.quality)} title={`Quality score ${stream.quality_score}`}>
                      {stream.quality || 'unknown'}
                    </Badge>
                    <Badge tone={streamStatusTone(stream)}>{stream.removed ? 'removed' : stream.status}</Badge>
                    {stream.success_rate !== null && (
                      <span
                        className="text-slate-500 dark:text-slate-400"
                        title="Over the last checks and playbacks: share that worked, mean time to first byte, failovers this stream caused"
                      >
                        {Math.round(stream.success_rate * 100)}% ok
                        {stream.avg_first_byte_ms !== null ? ` · ${stream.avg_first_byte_ms} ms` : ''}
                        {stream.recent_failovers > 0 ? ` · ${stream.recent_failovers} failover${stream.recent_failovers === 1 ? '' : 's'}` : ''}
                      </span>
                    )}
                    {!stream.is_active && <Badge tone="slate">inactive</Badge>}
                    {stream.manual && <Badge tone="indigo">manual</Badge>}
                    <span className="text-slate-500 dark:text-slate-400" title="How this stream was matched to the channel">
                      {stream.merge_method}
                      {stream.merge_confidence < 1 ? ` ${Math.round(stream.merge_confidence * 100)}%` : ''}
                    </span>
                    <Link
                      to={`/health/streams/${stream.provider_stream_id}`}
                      state={{ name: stream.name, providerName: stream.provider_name, channel: { id: channel.id, name: channel.name } }}
                      aria-label={`Health and quality of ${label}`}
                      className={`inline-flex items-center gap-1 rounded text-indigo-700 hover:underline dark:text-indigo-300 ${focusRing}`}
                    >
                      <Activity aria-hidden="true" className="size-3" />
                      Health
                    </Link>
                  </p>
                </div>
                <div className="flex shrink-0 gap-1">
                  <Button
                    id={`move-up-${stream.provider_stream_id}`}
                    variant="ghost"
                    className="px-2"
                    aria-label={`Move ${label} up`}
                    disabled={index === 0 || reorder.isPending}
                    onClick={() => move(index, -1)}
                  >
                    <ArrowUp aria-hidden="true" className="size-4" />
                  </Button>
                  <Button
                    id={`move-down-${stream.provider_stream_id}`}
                    variant="ghost"
                    className="px-2"
                    aria-label={`Move ${label} down`}
                    disabled={index === streams.length - 1 || reorder.isPending}
                    onClick={() => move(index, 1)}
                  >
                    <ArrowDown aria-hidden="true" className="size-4" />
                  </Button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {reorder.isError && (
        <div className="mt-3">
          <ErrorAlert error={reorder.error} />
        </div>
      )}

      {streams.length > 1 && (
        <form
          className="mt-6 grid gap-3 border-t border-slate-200 pt-4 sm:grid-cols-[1fr_auto] sm:items-end dark:border-slate-800"
          onSubmit={(e) => {
            e.preventDefault();
            if (canSplit) split.mutate();
          }}
        >
          <TextField
            label="New channel name (optional)"
            hint={`${selected.size} of ${streams.length} streams selected; at least one must stay.`}
            value={splitName}
            onChange={(e) => setSplitName(e.target.value)}
            errors={split.error instanceof ApiError ? split.error.fieldErrors('name') : []}
          />
          <Button type="submit" variant="secondary" busy={split.isPending} disabled={!canSplit}>
            <Scissors aria-hidden="true" className="size-4" />
            Split into new channel
          </Button>
          {split.isError && (
            <div className="sm:col-span-2">
              <ErrorAlert error={split.error} shownFields={['name']} />
            </div>
          )}
        </form>
      )}
    </Card>
  );
}
