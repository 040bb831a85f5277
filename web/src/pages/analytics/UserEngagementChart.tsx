import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EngagementDay } from '../../api/types';

/** One user's hours watched (bars, left axis) and sessions (line, right axis) per UTC day, oldest first. */
export default function UserEngagementChart({ daily }: { daily: EngagementDay[] }) {
  const data = [...daily].sort((a, b) => a.date.localeCompare(b.date));
  return (
    <figure className="mb-4">
      <figcaption className="sr-only">Hours watched and sessions on the {data.length} days with viewing; the same numbers are in the table below.</figcaption>
      <div className="h-64 w-full text-xs" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="date" tick={{ fill: 'currentColor' }} minTickGap={24} />
            <YAxis yAxisId="hours" domain={[0, 'auto']} tick={{ fill: 'currentColor' }} width={48} />
            <YAxis yAxisId="sessions" orientation="right" allowDecimals={false} tick={{ fill: 'currentColor' }} width={40} />
            <Tooltip contentStyle={{ color: '#0f172a' }} />
            <Legend />
            <Bar yAxisId="hours" dataKey="hours" name="Hours watched" fill="#6366f1" isAnimationActive={false} />
            <Line yAxisId="sessions" dataKey="sessions" name="Sessions" stroke="#f59e0b" strokeWidth={2} dot={data.length <= 31} type="monotone" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
