using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Providers;

public static class StreamStatus
{
    public const string Unknown = "unknown";
    public const string Alive = "alive";
    public const string Dead = "dead";

    /// <summary>Answers, but its content is black, frozen or silent (ffprobe health check mode).</summary>
    public const string Degraded = "degraded";
}

/// <summary>One live entry a provider offers. Unique by (provider, external id); never deleted by a sync, only marked removed.</summary>
public sealed class ProviderStream : ISyncedRow
{
    public long Id { get; set; }

    public long ProviderId { get; set; }

    /// <summary>Xtream stream id, or the M3U identity key (see Features/Providers/README.md).</summary>
    public string ExternalId { get; set; } = "";

    public string Name { get; set; } = "";

    public string? GroupTitle { get; set; }

    public string? TvgId { get; set; }

    public string? TvgName { get; set; }

    public string? Logo { get; set; }

    public int? Number { get; set; }

    /// <summary>The upstream URL for M3U entries; Xtream URLs are built from the provider's credentials at play time.</summary>
    public string? Url { get; set; }

    /// <summary>Stream container for Xtream (<c>ts</c>) or detected from the URL.</summary>
    public string? Extension { get; set; }

    /// <summary>Other attributes as a JSON object (catchup, user agent, ...).</summary>
    public string Attributes { get; set; } = "{}";

    public string Quality { get; set; } = "";

    public int QualityScore { get; set; }

    public string Status { get; set; } = StreamStatus.Unknown;

    public DateTime? LastCheckedAt { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>Share of the last checks (health and playback, sliding window) that succeeded, 0–1; null before any.</summary>
    public double? SuccessRate { get; set; }

    /// <summary>Mean time to first byte in milliseconds over the successful checks of the window.</summary>
    public int? AvgFirstByteMs { get; set; }

    /// <summary>Failovers this stream caused during playback within the window.</summary>
    public int RecentFailovers { get; set; }

    /// <summary>Hash of everything the provider said about the item; a different hash on re-sync is an update.</summary>
    public string ContentHash { get; set; } = "";

    public DateTime FirstSeenAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? RemovedAt { get; set; }
}

internal sealed class ProviderStreamConfiguration : IEntityTypeConfiguration<ProviderStream>
{
    public void Configure(EntityTypeBuilder<ProviderStream> builder)
    {
        builder.ToTable("provider_streams");
        builder.HasIndex(s => new { s.ProviderId, s.ExternalId }).IsUnique();
        builder.HasOne<Provider>().WithMany().HasForeignKey(s => s.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.ExternalId).HasMaxLength(600);
        builder.Property(s => s.Name).HasMaxLength(500);
        builder.Property(s => s.GroupTitle).HasMaxLength(300);
        builder.Property(s => s.TvgId).HasMaxLength(300);
        builder.Property(s => s.TvgName).HasMaxLength(500);
        builder.Property(s => s.Logo).HasMaxLength(2000);
        builder.Property(s => s.Url).HasMaxLength(4000);
        builder.Property(s => s.Extension).HasMaxLength(16);
        builder.Property(s => s.Quality).HasMaxLength(8);
        builder.Property(s => s.Status).HasMaxLength(16);
        builder.Property(s => s.ContentHash).HasMaxLength(64);
        builder.HasIndex(s => new { s.Status, s.QualityScore });
    }
}
