using System.ComponentModel.DataAnnotations;

namespace M3uStrm.Server.Features.Epg;

/// <summary>Settings under <c>Epg:</c>; validated at start-up.</summary>
public sealed class EpgOptions
{
    public const string Section = "Epg";

    /// <summary>Programmes that ended more than this many days ago are not kept.</summary>
    [Range(0, 3650)]
    public int PastDays { get; set; } = 1;

    /// <summary>Programmes that start more than this many days ahead are not kept.</summary>
    [Range(1, 3650)]
    public int FutureDays { get; set; } = 14;

    /// <summary>Similarity (0–100) a guide channel name needs for a fuzzy automatic mapping.</summary>
    [Range(50, 100)]
    public double FuzzyThreshold { get; set; } = 90;

    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 300;

    [Range(0, 10)]
    public int Retries { get; set; } = 2;

    /// <summary>Largest guide download accepted (compressed bytes as received).</summary>
    [Range(1, 100_000)]
    public int MaxDownloadMegabytes { get; set; } = 2048;
}
