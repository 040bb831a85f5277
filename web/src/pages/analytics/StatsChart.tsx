import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StatsDay } from '../../api/types';

/** Hours watched (left axis) and daily active users (right axis) per UTC day, oldest first. */
export default function StatsChart({ daily }: { daily: StatsDay[] }) {
  const data = [...daily].sort((a, b) => a.date.localeCompare(b.date));
  return (
    <figure className="mb-4">
      <figcaption className="sr-only">Hours watched and daily active users of the last {data.length} days; the same numbers are in the table below.</figcaption>
      <div className="h-64 w-full text-xs" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="date" tick={{ fill: 'currentColor' }} minTickGap={24} />
            <YAxis yAxisId="hours" domain={[0, 'auto']} tick={{ fill: 'currentColor' }} width={48} />
            <YAxis yAxisId="users" orientation="right" allowDecimals={false} tick={{ fill: 'currentColor' }} width={40} />
            <Tooltip contentStyle={{ color: '#0f172a' }} />
            <Legend />
            <Line yAxisId="hours" dataKey="hours" name="Hours watched" stroke="#6366f1" strokeWidth={2} dot={data.length <= 31} type="monotone" isAnimationActive={false} />
            <Line yAxisId="users" dataKey="active_users" name="Active users" stroke="#f59e0b" strokeWidth={2} dot={data.length <= 31} type="monotone" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
