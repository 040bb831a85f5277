import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { QualityHistoryRow } from '../../api/types';
import { formatShortDate } from '../../lib/format';

/** Quality score (left axis: a resolution tier's base, 300 SD … 1000 8K, plus up to 50) and bitrate (right axis, kbps) per sample, oldest first. */
export default function QualityChart({ rows }: { rows: QualityHistoryRow[] }) {
  const data = [...rows].reverse().map((r) => ({
    when: formatShortDate(r.timestamp),
    score: r.quality_score,
    bitrate: r.bitrate,
  }));
  const hasBitrate = data.some((d) => d.bitrate !== null);
  return (
    <figure className="mb-6">
      <figcaption className="sr-only">
        Quality score{hasBitrate ? ' and bitrate' : ''} of the last {data.length} samples; the same numbers are in the table below.
      </figcaption>
      <div className="h-64 w-full text-xs" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="when" tick={{ fill: 'currentColor' }} minTickGap={24} />
            <YAxis yAxisId="score" domain={[0, 'auto']} allowDecimals={false} tick={{ fill: 'currentColor' }} width={48} />
            {hasBitrate && <YAxis yAxisId="bitrate" orientation="right" tick={{ fill: 'currentColor' }} unit=" k" width={64} />}
            <Tooltip contentStyle={{ color: '#0f172a' }} />
            <Legend />
            <Line yAxisId="score" dataKey="score" name="Quality score" stroke="#6366f1" strokeWidth={2} dot={data.length <= 30} type="monotone" isAnimationActive={false} />
            {hasBitrate && (
              <Line
                yAxisId="bitrate"
                dataKey="bitrate"
                name="Bitrate (kbps)"
                stroke="#f59e0b"
                strokeWidth={2}
                dot={data.length <= 30}
                type="monotone"
                connectNulls
                isAnimationActive={false}
              />
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
