using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Providers;

/// <summary>A movie a provider offers.</summary>
public sealed class VodItem : ISyncedRow
{
    public long Id { get; set; }

    public long ProviderId { get; set; }

    public string ExternalId { get; set; } = "";

    public string Title { get; set; } = "";

    public int? Year { get; set; }

    public string? Genre { get; set; }

    public string? Plot { get; set; }

    public string? Poster { get; set; }

    public double? Rating { get; set; }

    public int? DurationSeconds { get; set; }

    public string? ContainerExtension { get; set; }

    /// <summary>Upstream URL for M3U VOD; Xtream URLs are built from the provider's credentials.</summary>
    public string? Url { get; set; }

    public string? TmdbId { get; set; }

    public string ContentHash { get; set; } = "";

    public DateTime FirstSeenAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? RemovedAt { get; set; }
}

/// <summary>A series a provider offers; its episodes are fetched when it is new or changed.</summary>
public sealed class Series : ISyncedRow
{
    public long Id { get; set; }

    public long ProviderId { get; set; }

    public string ExternalId { get; set; } = "";

    public string Title { get; set; } = "";

    public int? Year { get; set; }

    public string? Genre { get; set; }

    public string? Plot { get; set; }

    public string? Poster { get; set; }

    public double? Rating { get; set; }

    /// <summary>The provider's <c>last_modified</c>; a change triggers a new <c>get_series_info</c>.</summary>
    public long? SourceModified { get; set; }

    public string ContentHash { get; set; } = "";

    public DateTime FirstSeenAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? RemovedAt { get; set; }
}

public sealed class Episode
{
    public long Id { get; set; }

    public long SeriesId { get; set; }

    public string ExternalId { get; set; } = "";

    public int Season { get; set; }

    public int Number { get; set; }

    public string? Title { get; set; }

    public string? Plot { get; set; }

    public int? DurationSeconds { get; set; }

    public string? ContainerExtension { get; set; }

    public string? Poster { get; set; }

    public DateTime? RemovedAt { get; set; }
}

internal sealed class CatalogConfiguration :
    IEntityTypeConfiguration<VodItem>, IEntityTypeConfiguration<Series>, IEntityTypeConfiguration<Episode>
{
    public void Configure(EntityTypeBuilder<VodItem> builder)
    {
        builder.ToTable("vod_items");
        builder.HasIndex(v => new { v.ProviderId, v.ExternalId }).IsUnique();
        builder.HasOne<Provider>().WithMany().HasForeignKey(v => v.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(v => v.ExternalId).HasMaxLength(600);
        builder.Property(v => v.Title).HasMaxLength(500);
        builder.Property(v => v.Genre).HasMaxLength(300);
        builder.Property(v => v.Poster).HasMaxLength(2000);
        builder.Property(v => v.ContainerExtension).HasMaxLength(16);
        builder.Property(v => v.Url).HasMaxLength(4000);
        builder.Property(v => v.TmdbId).HasMaxLength(32);
        builder.Property(v => v.ContentHash).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<Series> builder)
    {
        builder.ToTable("series");
        builder.HasIndex(s => new { s.ProviderId, s.ExternalId }).IsUnique();
        builder.HasOne<Provider>().WithMany().HasForeignKey(s => s.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.ExternalId).HasMaxLength(100);
        builder.Property(s => s.Title).HasMaxLength(500);
        builder.Property(s => s.Genre).HasMaxLength(300);
        builder.Property(s => s.Poster).HasMaxLength(2000);
        builder.Property(s => s.ContentHash).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<Episode> builder)
    {
        builder.ToTable("episodes");
        builder.HasIndex(e => new { e.SeriesId, e.ExternalId }).IsUnique();
        builder.HasOne<Series>().WithMany().HasForeignKey(e => e.SeriesId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.ExternalId).HasMaxLength(100);
        builder.Property(e => e.Title).HasMaxLength(500);
        builder.Property(e => e.ContainerExtension).HasMaxLength(16);
        builder.Property(e => e.Poster).HasMaxLength(2000);
    }
}
