using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Health;

/// <summary>One health check of one provider stream.</summary>
public sealed class StreamCheck
{
    public long Id { get; set; }

    public long StreamId { get; set; }

    public DateTime CheckedAt { get; set; }

    public bool Ok { get; set; }

    public int LatencyMs { get; set; }

    public int? HttpStatus { get; set; }

    public string? Reason { get; set; }

    /// <summary><see cref="CheckSources.Health"/> (the health job) or <see cref="CheckSources.Playback"/> (a failover while someone watched).</summary>
    public string Source { get; set; } = CheckSources.Health;
}

/// <summary>What recorded a stream check.</summary>
public static class CheckSources
{
    public const string Health = "health";
    public const string Playback = "playback";
}

/// <summary>A quality sample of a provider stream (design.md §6: the seed's quality_logs columns).</summary>
public sealed class QualityLog
{
    public long Id { get; set; }

    public long StreamId { get; set; }

    public DateTime SampledAt { get; set; }

    public string? Resolution { get; set; }

    /// <summary>Kilobits per second, when known.</summary>
    public int? Bitrate { get; set; }

    public int QualityScore { get; set; }

    public string? Codec { get; set; }

    public double? Fps { get; set; }

    /// <summary><c>name</c>, <c>url</c> or <c>ffprobe</c>.</summary>
    public string AnalysisMethod { get; set; } = "";
}

internal sealed class StreamCheckConfiguration : IEntityTypeConfiguration<StreamCheck>
{
    public void Configure(EntityTypeBuilder<StreamCheck> builder)
    {
        builder.ToTable("stream_checks");
        builder.HasOne<ProviderStream>().WithMany().HasForeignKey(c => c.StreamId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.Reason).HasMaxLength(500);
        builder.Property(c => c.Source).HasMaxLength(16).HasDefaultValue(CheckSources.Health);
        builder.HasIndex(c => new { c.StreamId, c.CheckedAt });
    }
}

internal sealed class QualityLogConfiguration : IEntityTypeConfiguration<QualityLog>
{
    public void Configure(EntityTypeBuilder<QualityLog> builder)
    {
        builder.ToTable("quality_logs");
        builder.HasOne<ProviderStream>().WithMany().HasForeignKey(q => q.StreamId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(q => q.Resolution).HasMaxLength(20);
        builder.Property(q => q.Codec).HasMaxLength(50);
        builder.Property(q => q.AnalysisMethod).HasMaxLength(50);
        builder.HasIndex(q => new { q.StreamId, q.SampledAt });
    }
}
