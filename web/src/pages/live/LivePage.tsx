import { Link } from 'react-router';
import { Card } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, LoadingState } from '../../components/States';
import { formatCount, formatDate } from '../../lib/format';
import { useLiveSnapshot, type LiveState } from '../../lib/useLiveSnapshot';
import { focusRing } from '../../components/Button';

function Connection({ state, retryInMs }: { state: LiveState; retryInMs: number | null }) {
  const [dot, text] =
    state === 'open'
      ? ['bg-emerald-500', 'Live']
      : state === 'connecting'
        ? ['bg-amber-500', 'Connecting…']
        : ['bg-red-500', `Disconnected, reconnecting in ${Math.round((retryInMs ?? 0) / 1000)} s`];
  return (
    <p role="status" className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-300">
      <span aria-hidden="true" className={`size-2.5 rounded-full ${dot}`} />
      {text}
    </p>
  );
}

function Tile({ label, value, tone = '' }: { label: string; value: number; tone?: string }) {
  return (
    <li className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <p className="text-sm font-medium text-slate-500 dark:text-slate-400">{label}</p>
      <p className={`mt-2 text-3xl font-semibold tabular-nums ${tone}`}>{formatCount(value)}</p>
    </li>
  );
}

/** /live — who is watching right now, pushed by the server over a WebSocket. */
export function LivePage() {
  const { snapshot, state, retryInMs } = useLiveSnapshot();
  return (
    <>
      <PageHeader title="Live" description="Viewers and stream health right now, updated by the server as they change.">
        <Connection state={state} retryInMs={retryInMs} />
      </PageHeader>
      {!snapshot ? (
        <LoadingState label="Waiting for the first snapshot…" />
      ) : (
        <div className="grid gap-6">
          <Card title="Now">
            <ul className="grid gap-3 sm:grid-cols-3">
              <Tile label="Active viewers" value={snapshot.active_viewers} tone="text-indigo-700 dark:text-indigo-400" />
              <Tile label="Alive streams" value={snapshot.stream_health.alive} tone="text-emerald-700 dark:text-emerald-400" />
              <Tile label="Dead streams" value={snapshot.stream_health.dead} tone="text-red-700 dark:text-red-400" />
            </ul>
            <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">As of {formatDate(snapshot.timestamp)}</p>
          </Card>
          <Card title="Most watched">
            {snapshot.most_watched.length === 0 ? (
              <EmptyState title="Nobody is watching" />
            ) : (
              <ol className="divide-y divide-slate-200 dark:divide-slate-800" aria-label="Most watched channels">
                {snapshot.most_watched.slice(0, 5).map((c, i) => (
                  <li key={c.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                    <span className="min-w-0 truncate">
                      <span className="mr-2 tabular-nums text-slate-500 dark:text-slate-400">{i + 1}.</span>
                      <Link to={`/channels/${c.id}`} className={`rounded font-medium hover:underline ${focusRing}`}>
                        {c.name}
                      </Link>
                    </span>
                    <span className="shrink-0 tabular-nums">{c.viewers === 1 ? '1 viewer' : `${formatCount(c.viewers)} viewers`}</span>
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </div>
      )}
    </>
  );
}
