import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SyncLog } from '../../api/types';
import { formatShortDate } from '../../lib/format';
import { added, removed, updated } from './syncTotals';

/** Duration (line, right axis) and added/removed/updated items (bars) per sync, oldest first. */
export default function SyncChart({ syncs }: { syncs: SyncLog[] }) {
  const data = [...syncs].reverse().map((s) => ({
    when: formatShortDate(s.sync_timestamp),
    duration: Number(s.sync_duration_seconds.toFixed(2)),
    added: added(s),
    removed: removed(s),
    updated: updated(s),
  }));
  return (
    <figure className="mb-6">
      <figcaption className="sr-only">
        Sync duration and added, removed and updated items for the last {data.length} syncs; the same numbers are in the table below.
      </figcaption>
      <div className="h-64 w-full text-xs" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="when" tick={{ fill: 'currentColor' }} minTickGap={24} />
            <YAxis yAxisId="items" tick={{ fill: 'currentColor' }} allowDecimals={false} width={48} />
            <YAxis yAxisId="seconds" orientation="right" tick={{ fill: 'currentColor' }} unit=" s" width={56} />
            <Tooltip contentStyle={{ color: '#0f172a' }} />
            <Legend />
            <Bar yAxisId="items" dataKey="added" name="Added" stackId="items" fill="#10b981" isAnimationActive={false} maxBarSize={48} />
            <Bar yAxisId="items" dataKey="updated" name="Updated" stackId="items" fill="#6366f1" isAnimationActive={false} maxBarSize={48} />
            <Bar yAxisId="items" dataKey="removed" name="Removed" stackId="items" fill="#ef4444" isAnimationActive={false} maxBarSize={48} />
            <Line yAxisId="seconds" dataKey="duration" name="Duration (s)" stroke="#f59e0b" strokeWidth={2} dot={data.length <= 30} type="monotone" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

