import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { WandSparkles } from 'lucide-react';
import { autoMap, epgMappingsQueryKey, epgUnmappedQueryKey, nowNextQueryKey } from '../../api/epg';
import type { EpgMappingStats } from '../../api/types';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MappedList } from './MappedList';
import { UnmappedList } from './UnmappedList';

export function describeStats(stats: EpgMappingStats): string {
  const automatic = stats.by_tvg_id + stats.by_name + stats.by_fuzzy;
  return (
    `${stats.channels} channel${stats.channels === 1 ? '' : 's'}: ${automatic} mapped automatically ` +
    `(${stats.by_tvg_id} by tvg-id, ${stats.by_name} by name, ${stats.by_fuzzy} fuzzy), ${stats.manual} by hand, ${stats.unmapped} without a guide channel.`
  );
}

/** Which guide channel each channel takes its programmes from: automatic rules, manual picks, the rest. */
export function MappingSection() {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const invalidate = () => {
    void queryClient.invalidateQueries({ queryKey: epgMappingsQueryKey });
    void queryClient.invalidateQueries({ queryKey: epgUnmappedQueryKey });
    void queryClient.invalidateQueries({ queryKey: nowNextQueryKey });
  };
  const auto = useMutation({
    mutationFn: autoMap,
    onMutate: () => setMessage(null),
    onSuccess: (stats) => {
      setMessage(`Automatic mapping done. ${describeStats(stats)}`);
      invalidate();
    },
  });

  return (
    <Card title="Channel mapping">
      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Channels find their guide by tvg-id, then by name, then by similar name. A channel mapped by hand keeps its guide channel
          through every refresh; removing that mapping hands it back to the automatic rules.
        </p>
        <Button variant="secondary" className="shrink-0" busy={auto.isPending} onClick={() => auto.mutate()}>
          <WandSparkles aria-hidden="true" className="size-4" />
          Map automatically
        </Button>
      </div>
      <div role="status" aria-live="polite" className="empty:hidden mb-4 text-sm text-emerald-700 dark:text-emerald-400">
        {message}
      </div>
      {auto.isError && (
        <div className="mb-4">
          <ErrorAlert error={auto.error} />
        </div>
      )}
      <div className="grid gap-8 xl:grid-cols-2 xl:items-start">
        <MappedList
          onMapped={(r) => setMessage(`Mapped ${r.channelName} to ${r.guideName}.`)}
          onRemoved={(name, stats) => setMessage(`Removed the mapping of ${name}; the automatic mapping ran again. ${describeStats(stats)}`)}
        />
        <UnmappedList onMapped={(r) => setMessage(`Mapped ${r.channelName} to ${r.guideName}.`)} />
      </div>
    </Card>
  );
}
