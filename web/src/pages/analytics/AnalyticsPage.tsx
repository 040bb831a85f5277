import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { adminStatsUrl, analyticsQueryKey, engagementUrl, getAdminStats, getEngagement, getPopularChannels, getProviderCapacity } from '../../api/analytics';
import { ApiError } from '../../api/client';
import { focusRing } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, LoadingState } from '../../components/States';
import { TextField } from '../../components/TextField';
import { useDebounced } from '../../lib/useDebounced';
import { formatCount, formatDate } from '../../lib/format';
import { CsvLink, hours, num, Table, Tile } from './parts';

// Recharts is large: it loads only when there are days to draw.
const StatsChart = lazy(() => import('./StatsChart'));

/** The periods offered; the reports take 1–365 days. */
export const periodOptions = [1, 7, 14, 30, 90, 180, 365];

function fieldErrors(error: unknown, field: string) {
  return error instanceof ApiError ? error.fieldErrors(field) : [];
}

function ViewingStats({ days }: { days: number }) {
  const stats = useQuery({
    queryKey: [...analyticsQueryKey, 'stats', days],
    queryFn: ({ signal }) => getAdminStats(days, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Card title="Viewing">
      <div className="mb-3 flex justify-end">
        <CsvLink href={adminStatsUrl(days, 'csv')} name={`viewing-${days}d.csv`} />
      </div>
      {stats.isPending ? (
        <LoadingState label="Loading viewing statistics…" />
      ) : stats.isError ? (
        <ErrorAlert error={stats.error} />
      ) : (
        <>
          <ul className="mb-4 grid grid-cols-2 gap-3 lg:grid-cols-5">
            <Tile label="Sessions" value={formatCount(stats.data.totals.sessions)} />
            <Tile label="Hours watched" value={hours(stats.data.totals.hours)} />
            <Tile label="Active users" value={formatCount(stats.data.totals.active_users)} />
            <Tile label="Channels watched" value={formatCount(stats.data.totals.channels_watched)} />
            <Tile label="Completed" value={formatCount(stats.data.totals.completed)} />
          </ul>
          {stats.data.daily.length === 0 ? (
            <EmptyState title="No viewing in this period" />
          ) : (
            <>
              <Suspense fallback={<LoadingState label="Loading chart…" />}>
                <StatsChart daily={stats.data.daily} />
              </Suspense>
              <Table caption="Viewing per day" head={[['Day'], ['Sessions', true], ['Hours', true], ['Active users', true], ['Peak concurrent', true]]}>
                {[...stats.data.daily]
                  .sort((a, b) => b.date.localeCompare(a.date))
                  .map((d) => (
                    <tr key={d.date}>
                      <td className="whitespace-nowrap py-2 pr-3">{d.date}</td>
                      <td className={num}>{formatCount(d.sessions)}</td>
                      <td className={num}>{hours(d.hours)}</td>
                      <td className={num}>{formatCount(d.active_users)}</td>
                      <td className={num}>{formatCount(d.peak_concurrent)}</td>
                    </tr>
                  ))}
              </Table>
            </>
          )}
        </>
      )}
    </Card>
  );
}

function Engagement({ days }: { days: number }) {
  const [min, setMin] = useState('0');
  const debounced = useDebounced(min, 300);
  const typed = debounced.trim() === '' ? '0' : debounced.trim();
  // Only numbers go to the server (it checks the range and answers a problem for the field); other text is caught here.
  const numeric = /^\d+(\.\d+)?$/.test(typed);
  const [minValue, setMinValue] = useState('0');
  if (numeric && typed !== minValue) setMinValue(typed);
  const engagement = useQuery({
    queryKey: [...analyticsQueryKey, 'engagement', days, minValue],
    queryFn: ({ signal }) => getEngagement(days, minValue, signal),
    placeholderData: keepPreviousData,
  });
  const minErrors = numeric ? fieldErrors(engagement.error, 'min_engagement') : ['Enter a number from 0 to 100.'];
  return (
    <Card title="User engagement">
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <TextField
          label="Minimum engagement score"
          inputMode="decimal"
          className="w-56"
          hint="0–100"
          value={min}
          errors={minErrors}
          onChange={(e) => setMin(e.target.value)}
        />
        <div className="sm:mt-6">
          <CsvLink href={engagementUrl(days, minValue, 'csv')} name={`engagement-${days}d.csv`} />
        </div>
      </div>
      {engagement.isPending ? (
        <LoadingState label="Loading engagement…" />
      ) : engagement.isError ? (
        <ErrorAlert error={engagement.error} shownFields={['min_engagement']} />
      ) : engagement.data.length === 0 ? (
        <EmptyState title="No users in this period" />
      ) : (
        <Table
          caption="Engagement per user, most engaged first"
          minWidth="44rem"
          head={[['User'], ['Score', true], ['Sessions', true], ['Hours', true], ['Avg session (min)', true], ['Active days', true], ['Completion', true], ['Last active']]}
        >
          {engagement.data.map((r) => (
            <tr key={r.user_id}>
              <td className="py-2 pr-3 font-medium">
                <Link to={`/analytics/users/${encodeURIComponent(r.user_id)}?days=${days}`} className={`rounded hover:underline ${focusRing}`}>
                  {r.username}
                </Link>
              </td>
              <td className={num}>{r.engagement_score.toFixed(1)}</td>
              <td className={num}>{formatCount(r.total_sessions)}</td>
              <td className={num}>{hours(r.total_hours_watched)}</td>
              <td className={num}>{r.avg_session_minutes.toFixed(1)}</td>
              <td className={num}>{r.active_days}</td>
              <td className={num}>{Math.round(r.completion_rate)}%</td>
              <td className="whitespace-nowrap py-2 pr-3">{formatDate(r.last_active)}</td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}

function Popular({ days }: { days: number }) {
  const popular = useQuery({
    queryKey: [...analyticsQueryKey, 'popular', days],
    queryFn: ({ signal }) => getPopularChannels(days, 10, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Card title="Popular channels">
      {popular.isPending ? (
        <LoadingState label="Loading popular channels…" />
      ) : popular.isError ? (
        <ErrorAlert error={popular.error} />
      ) : popular.data.length === 0 ? (
        <EmptyState title="Nothing watched in this period" />
      ) : (
        <Table caption="Most watched channels" minWidth="20rem" head={[['Channel'], ['Viewers', true], ['Sessions', true], ['Hours', true]]}>
          {popular.data.map((c) => (
            <tr key={c.channel_id}>
              <td className="py-2 pr-3">{c.name}</td>
              <td className={num}>{formatCount(c.unique_viewers)}</td>
              <td className={num}>{formatCount(c.sessions)}</td>
              <td className={num}>{hours(c.hours)}</td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}

function Capacity({ days }: { days: number }) {
  const capacity = useQuery({
    queryKey: [...analyticsQueryKey, 'capacity', days],
    queryFn: ({ signal }) => getProviderCapacity(days, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Card title="Provider capacity">
      {capacity.isPending ? (
        <LoadingState label="Loading provider capacity…" />
      ) : capacity.isError ? (
        <ErrorAlert error={capacity.error} />
      ) : capacity.data.length === 0 ? (
        <EmptyState title="No providers" />
      ) : (
        <Table
          caption="Upstream connections per provider"
          minWidth="28rem"
          head={[['Provider'], ['Peak / max', true], ['Hours at limit', true], ['Refused', true], ['Failovers', true]]}
        >
          {capacity.data.map((p) => (
            <tr key={p.provider_id}>
              <td className="py-2 pr-3">{p.provider_name}</td>
              <td className={`${num} ${p.max_connections > 0 && p.peak_concurrent >= p.max_connections ? 'text-amber-700 dark:text-amber-400' : ''}`}>
                {p.peak_concurrent} / {p.max_connections > 0 ? p.max_connections : '∞'}
              </td>
              <td className={num}>{p.hours_at_limit}</td>
              <td className={num}>{p.refused}</td>
              <td className={num}>{p.failovers}</td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}

/** /analytics — viewing, engagement, popular channels and provider capacity over a chosen period. */
export function AnalyticsPage() {
  const [days, setDays] = useState(30);
  return (
    <>
      <PageHeader title="Analytics" description="Who watches what, and how close the providers get to their connection limits.">
        <SelectField label="Period" value={String(days)} onChange={(e) => setDays(Number(e.target.value))} className="w-40">
          {periodOptions.map((d) => (
            <option key={d} value={d}>
              {d === 1 ? 'Last day' : `Last ${d} days`}
            </option>
          ))}
        </SelectField>
      </PageHeader>
      <div className="grid gap-6">
        <ViewingStats days={days} />
        <Engagement days={days} />
        <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
          <Popular days={days} />
          <Capacity days={days} />
        </div>
      </div>
    </>
  );
}
