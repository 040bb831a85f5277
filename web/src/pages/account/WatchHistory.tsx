import { useState } from 'react';
import { useHistory } from '../../api/history';
import { Card } from '../../components/Card';
import { Pager } from '../../components/Pager';
import { ErrorState, LoadingState } from '../../components/States';

function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The signed-in user's viewing sessions, newest first. */
export function WatchHistory() {
  const [page, setPage] = useState(1);
  const history = useHistory(page);
  return (
    <Card title="What I watched">
      {history.isPending && <LoadingState />}
      {history.isError && <ErrorState error={history.error} onRetry={() => void history.refetch()} />}
      {history.data && history.data.items.length === 0 && (
        <p className="text-sm text-slate-500 dark:text-slate-400">Nothing yet: sessions appear here as soon as you play something.</p>
      )}
      {history.data && history.data.items.length > 0 && (
        <>
          <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-700">
            {history.data.items.map((item) => (
              <li key={item.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                <span className="font-medium">{item.title ?? (item.channel_id ? `Channel ${item.channel_id}` : 'Removed item')}</span>
                <span className="text-slate-500 dark:text-slate-400">
                  {new Date(item.started_at).toLocaleString()} · {duration(item.duration_seconds)}
                  {item.ended_at === null ? ' · watching now' : ''}
                  {item.completed ? ' · completed' : ''}
                  {item.client ? ` · ${item.client}` : ''}
                </span>
              </li>
            ))}
          </ul>
          <Pager label="Watch history pages" page={page} pageSize={history.data.page_size} total={history.data.total} onPage={setPage} />
        </>
      )}
    </Card>
  );
}
