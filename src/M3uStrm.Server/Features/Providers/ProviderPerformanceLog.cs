using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Providers;

/// <summary>One row per sync attempt, failed ones included (the seed's columns plus status and content counts).</summary>
public sealed class ProviderPerformanceLog
{
    public long Id { get; set; }

    public long ProviderId { get; set; }

    public DateTime SyncTimestamp { get; set; }

    public double SyncDurationSeconds { get; set; }

    public int ChannelsAdded { get; set; }

    public int ChannelsRemoved { get; set; }

    public int ChannelsUpdated { get; set; }

    public int VodAdded { get; set; }

    public int VodRemoved { get; set; }

    public int VodUpdated { get; set; }

    public int SeriesAdded { get; set; }

    public int SeriesRemoved { get; set; }

    public int SeriesUpdated { get; set; }

    public int ErrorsCount { get; set; }

    /// <summary>JSON array of <c>{phase, message, item?}</c>.</summary>
    public string ErrorDetails { get; set; } = "[]";

    /// <summary>Hours since the previous successful sync (null for the first).</summary>
    public double? DataFreshnessHours { get; set; }

    /// <summary><c>succeeded</c>, <c>failed</c> or <c>rejected</c>.</summary>
    public string Status { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

internal sealed class ProviderPerformanceLogConfiguration : IEntityTypeConfiguration<ProviderPerformanceLog>
{
    public void Configure(EntityTypeBuilder<ProviderPerformanceLog> builder)
    {
        builder.ToTable("provider_performance_logs");
        builder.HasOne<Provider>().WithMany().HasForeignKey(l => l.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.ProviderId, l.CreatedAt });
        builder.Property(l => l.Status).HasMaxLength(16);
    }
}
