import { lazy, Suspense } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { analyticsQueryKey, getUserEngagement, userEngagementUrl } from '../../api/analytics';
import { ApiError } from '../../api/client';
import { focusRing } from '../../components/Button';
import { Card } from '../../components/Card';
import { SelectField } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatCount, formatDate } from '../../lib/format';
import { periodOptions } from './AnalyticsPage';
import { CsvLink, hours, num, Table, Tile } from './parts';

const UserEngagementChart = lazy(() => import('./UserEngagementChart'));

/** The `days` search parameter when it is one of the offered periods, else 30. */
export function periodFrom(value: string | null): number {
  const days = Number(value);
  return periodOptions.includes(days) ? days : 30;
}

/** /analytics/users/:id — one user's engagement summary and viewing per day. */
export function UserEngagementPage() {
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const days = periodFrom(search.get('days'));
  const engagement = useQuery({
    queryKey: [...analyticsQueryKey, 'user', id, days],
    queryFn: ({ signal }) => getUserEngagement(id, days, signal),
    placeholderData: keepPreviousData,
  });
  const name = engagement.data?.summary.username;
  const notFound = engagement.error instanceof ApiError && engagement.error.status === 404;

  return (
    <>
      <Link to={`/analytics`} className={`mb-3 inline-flex items-center gap-1 rounded text-sm text-slate-600 hover:underline dark:text-slate-300 ${focusRing}`}>
        <ArrowLeft aria-hidden="true" className="size-4" />
        Analytics
      </Link>
      <PageHeader title={name ? `Engagement of ${name}` : 'User engagement'} description="Sessions, hours and completion of one user, per day.">
        <SelectField label="Period" value={String(days)} onChange={(e) => setSearch({ days: e.target.value }, { replace: true })} className="w-40">
          {periodOptions.map((d) => (
            <option key={d} value={d}>
              {d === 1 ? 'Last day' : `Last ${d} days`}
            </option>
          ))}
        </SelectField>
      </PageHeader>
      {engagement.isPending ? (
        <LoadingState label="Loading engagement…" />
      ) : notFound ? (
        <EmptyState title="No such user">
          <p>The user may have been deleted.</p>
        </EmptyState>
      ) : engagement.isError ? (
        <ErrorState error={engagement.error} onRetry={() => void engagement.refetch()} />
      ) : (
        <div className="grid gap-6">
          <Card title="Summary">
            <ul className="grid grid-cols-2 gap-3 lg:grid-cols-4">
              <Tile label="Engagement score" value={engagement.data.summary.engagement_score.toFixed(1)} />
              <Tile label="Sessions" value={formatCount(engagement.data.summary.total_sessions)} />
              <Tile label="Hours watched" value={hours(engagement.data.summary.total_hours_watched)} />
              <Tile label="Active days" value={formatCount(engagement.data.summary.active_days)} />
              <Tile label="Avg session (min)" value={engagement.data.summary.avg_session_minutes.toFixed(1)} />
              <Tile label="Completion" value={`${Math.round(engagement.data.summary.completion_rate)}%`} />
              <Tile label="Content diversity" value={`${Math.round(engagement.data.summary.content_diversity * 100)}%`} />
              <Tile label="Last active" value={formatDate(engagement.data.summary.last_active)} />
            </ul>
          </Card>
          <Card title="Per day">
            <div className="mb-3 flex justify-end">
              <CsvLink href={userEngagementUrl(id, days, 'csv')} name={`engagement-${name ?? id}-${days}d.csv`} />
            </div>
            {engagement.data.daily.length === 0 ? (
              <EmptyState title="Nothing watched in this period" />
            ) : (
              <>
                <Suspense fallback={<LoadingState label="Loading chart…" />}>
                  <UserEngagementChart daily={engagement.data.daily} />
                </Suspense>
                <Table caption="Viewing per day, newest first" minWidth="24rem" head={[['Day'], ['Sessions', true], ['Hours', true], ['Completed', true]]}>
                  {[...engagement.data.daily]
                    .sort((a, b) => b.date.localeCompare(a.date))
                    .map((d) => (
                      <tr key={d.date}>
                        <td className="whitespace-nowrap py-2 pr-3">{d.date}</td>
                        <td className={num}>{formatCount(d.sessions)}</td>
                        <td className={num}>{hours(d.hours)}</td>
                        <td className={num}>{formatCount(d.completed)}</td>
                      </tr>
                    ))}
                </Table>
              </>
            )}
          </Card>
        </div>
      )}
    </>
  );
}
