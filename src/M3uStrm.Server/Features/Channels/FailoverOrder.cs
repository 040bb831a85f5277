using M3uStrm.Server.Features.Providers;

namespace M3uStrm.Server.Features.Channels;

/// <summary>
/// The rule behind a channel's failover order (<see cref="ChannelMerge.ReorderAsync"/>; written out in
/// Features/Providers/README.md). Streams sort by, in order:
/// <list type="number">
/// <item>still offered by the provider before removed;</item>
/// <item>status: alive or unknown, then degraded, then dead;</item>
/// <item>reliability bucket of the success rate over the last <c>Health:ReliabilityWindow</c> checks:
/// ≥ 95 %, ≥ 80 %, ≥ 50 %, below 50 %. A stream with no checks yet sits in the first bucket: it has no
/// poor record to be ranked down for, like an unknown status ranks with alive;</item>
/// <item>fewer failovers caused during playback (within the window);</item>
/// <item>higher quality score;</item>
/// <item>higher provider priority;</item>
/// <item>shorter mean time to first byte, in steps of 100 ms (finer differences are noise); unknown last;</item>
/// <item>the link's id (oldest first), so equal streams keep a stable order.</item>
/// </list>
/// Buckets rather than the raw rate: one failed check in twenty should not put an SD stream above an FHD one,
/// a stream that fails every other check should.
/// </summary>
internal static class FailoverOrder
{
    // Rates are k/n of at most a few dozen checks; the tolerance keeps 19/20 in the 95 % bucket whatever the rounding.
    private const double Tolerance = 1e-9;

    public static int StatusRank(string status) => status switch
    {
        StreamStatus.Dead => 2,
        StreamStatus.Degraded => 1,
        _ => 0,
    };

    /// <summary>0 (best) to 3; a stream without any check yet is 0.</summary>
    public static int ReliabilityRank(double? successRate) => successRate switch
    {
        null => 0,
        >= 0.95 - Tolerance => 0,
        >= 0.80 - Tolerance => 1,
        >= 0.50 - Tolerance => 2,
        _ => 3,
    };

    /// <summary>Mean first-byte time in 100 ms steps; unknown (no successful check) sorts last.</summary>
    public static int FirstByteRank(int? avgFirstByteMs) => avgFirstByteMs is { } ms ? Math.Max(0, ms) / 100 : int.MaxValue;

    /// <summary>
    /// The part of a stream's rank that health checks and playback change. When it differs before and after, the
    /// channels holding the stream are re-ordered.
    /// </summary>
    public static (int Status, int Reliability, int Failovers, int FirstByte) HealthRank(ProviderStream stream) =>
        (StatusRank(stream.Status), ReliabilityRank(stream.SuccessRate), stream.RecentFailovers, FirstByteRank(stream.AvgFirstByteMs));
}
