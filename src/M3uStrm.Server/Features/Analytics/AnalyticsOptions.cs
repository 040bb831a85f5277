using System.ComponentModel.DataAnnotations;

namespace M3uStrm.Server.Features.Analytics;

/// <summary>The <c>Analytics</c> configuration section.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>Seconds between two snapshots pushed to the live dashboard sockets.</summary>
    [Range(1, 3600)]
    public int LiveIntervalSeconds { get; set; } = 30;

    /// <summary>Raw viewing sessions older than this are rolled up into daily aggregates and deleted.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 365;

    /// <summary>How long the popular-channels answer is cached.</summary>
    [Range(0, 3600)]
    public int PopularCacheSeconds { get; set; } = 300;
}
