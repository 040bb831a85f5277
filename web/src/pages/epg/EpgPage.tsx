import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { epgSourcesQueryKey, listEpgSources } from '../../api/epg';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { AddSourceForm, type AddedSource } from './AddSourceForm';
import { EpgSourceRow } from './EpgSourceRow';
import { MappingSection } from './MappingSection';

export function EpgPage() {
  const sources = useQuery({ queryKey: epgSourcesQueryKey, queryFn: ({ signal }) => listEpgSources(signal) });
  // Refreshes started by adding a source, followed in that source's row.
  const [started, setStarted] = useState<Record<number, string>>({});
  const [added, setAdded] = useState<AddedSource | null>(null);

  const onAdded = (result: AddedSource) => {
    setAdded(result);
    if (result.runId) setStarted((s) => ({ ...s, [result.source.id]: result.runId! }));
  };

  return (
    <>
      <PageHeader title="EPG" description="XMLTV guides, and which guide channel each channel takes its programmes from." />
      <div className="grid gap-6">
        <div className="grid gap-6 xl:grid-cols-[1fr_26rem] xl:items-start">
          <Card title="Guide sources">
            {sources.isPending ? (
              <LoadingState label="Loading guide sources…" />
            ) : sources.isError ? (
              <ErrorState error={sources.error} onRetry={() => void sources.refetch()} />
            ) : sources.data.length === 0 ? (
              <EmptyState title="No guide sources yet">
                Add an XMLTV URL or upload a guide file. Providers whose playlist names a guide add theirs when they sync.
              </EmptyState>
            ) : (
              <ul className="divide-y divide-slate-200 dark:divide-slate-800">
                {sources.data.map((source) => (
                  <EpgSourceRow key={source.id} source={source} startedRunId={started[source.id] ?? null} />
                ))}
              </ul>
            )}
          </Card>
          <Card title="Add a guide">
            <AddSourceForm onAdded={onAdded} />
            {added && (
              <div className="mt-4 space-y-2">
                <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
                  Added {added.source.name}
                  {added.runId ? ' and started its first refresh; its progress is shown in the list.' : '.'}
                </p>
                {Boolean(added.refreshError) && <ErrorAlert error={added.refreshError} />}
              </div>
            )}
          </Card>
        </div>
        <MappingSection />
      </div>
    </>
  );
}
