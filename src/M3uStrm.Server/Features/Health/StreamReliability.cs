using System.Globalization;
using System.Text;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Health;

/// <summary>A stream's record over its last checks (health and playback).</summary>
/// <param name="Checks">How many checks the window held (at most the window size).</param>
/// <param name="SuccessRate">Share of those checks that succeeded, 0–1.</param>
/// <param name="AvgFirstByteMs">Mean latency of the successful ones; null when none succeeded.</param>
/// <param name="Failovers">Failed checks recorded by playback: failovers the stream caused.</param>
public sealed record Reliability(int Checks, double SuccessRate, int? AvgFirstByteMs, int Failovers);

/// <summary>
/// Each stream's reliability over its last <c>Health:ReliabilityWindow</c> (default 20) stream_checks, both
/// sources. Set-based: one <c>ROW_NUMBER() OVER (PARTITION BY stream_id …)</c> query per batch of streams, the
/// same SQL on SQLite and PostgreSQL (EF cannot translate "the last N per group, then aggregate" from LINQ).
/// </summary>
internal sealed class StreamReliability(AppDbContext db, IConfiguration configuration)
{
    // Every id is one SQL parameter: well under SQLite's 32,766 and PostgreSQL's 65,535 per statement.
    private const int Batch = 500;

    public int Window => Math.Max(1, configuration.GetValue("Health:ReliabilityWindow", 20));

    /// <summary>The reliability of the given streams; streams without any check are absent.</summary>
    public async Task<Dictionary<long, Reliability>> ComputeAsync(IReadOnlyCollection<long> streamIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, Reliability>(streamIds.Count);
        foreach (var chunk in streamIds.Distinct().Chunk(Batch))
        {
            object[] parameters = [Window, CheckSources.Playback, .. chunk.Cast<object>()];
            var rows = await db.Database.SqlQueryRaw<WindowTotals>(Sql(chunk.Length), parameters).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                result[row.StreamId] = new Reliability(
                    (int)row.Checks,
                    (double)row.Successes / row.Checks,
                    row.Successes == 0 ? null : (int)Math.Round((double)row.SuccessLatencyMs / row.Successes, MidpointRounding.AwayFromZero),
                    (int)row.Failovers);
            }
        }

        return result;
    }

    /// <summary>Computes and sets SuccessRate, AvgFirstByteMs and RecentFailovers on tracked streams; the caller saves.</summary>
    public async Task RefreshAsync(IReadOnlyCollection<ProviderStream> streams, CancellationToken cancellationToken)
    {
        var records = await ComputeAsync(streams.Select(s => s.Id).ToList(), cancellationToken);
        foreach (var stream in streams)
        {
            Apply(stream, records.GetValueOrDefault(stream.Id));
        }
    }

    public static void Apply(ProviderStream stream, Reliability? record)
    {
        stream.SuccessRate = record?.SuccessRate;
        stream.AvgFirstByteMs = record?.AvgFirstByteMs;
        stream.RecentFailovers = record?.Failovers ?? 0;
    }

    /// <summary>
    /// {0} the window, {1} the playback source, {2}… the stream ids. Booleans are 0/1 integers on SQLite and real
    /// booleans on PostgreSQL; <c>CASE WHEN ok</c> and <c>NOT ok</c> read both. Column names are the snake_case ones
    /// of the migrations. Ties on checked_at go to the later id, so the window is exact.
    /// </summary>
    private static string Sql(int ids)
    {
        var sql = new StringBuilder("""
            SELECT stream_id,
                   COUNT(*) AS checks,
                   SUM(CASE WHEN ok THEN 1 ELSE 0 END) AS successes,
                   SUM(CASE WHEN ok THEN latency_ms ELSE 0 END) AS success_latency_ms,
                   SUM(CASE WHEN NOT ok AND source = {1} THEN 1 ELSE 0 END) AS failovers
            FROM (
                SELECT stream_id, ok, latency_ms, source,
                       ROW_NUMBER() OVER (PARTITION BY stream_id ORDER BY checked_at DESC, id DESC) AS position
                FROM stream_checks
                WHERE stream_id IN (
            """);
        for (var i = 0; i < ids; i++)
        {
            sql.Append(i == 0 ? "{" : ", {").Append((i + 2).ToString(CultureInfo.InvariantCulture)).Append('}');
        }

        sql.Append("""
            )
            ) AS recent
            WHERE position <= {0}
            GROUP BY stream_id
            """);
        return sql.ToString();
    }

    /// <summary>One row of the window query (the snake_case naming convention maps its columns too); SUM and COUNT come back
    /// as 64-bit integers on both databases.</summary>
    private sealed class WindowTotals
    {
        public long StreamId { get; set; }

        public long Checks { get; set; }

        public long Successes { get; set; }

        public long SuccessLatencyMs { get; set; }

        public long Failovers { get; set; }
    }
}
