using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Epg;

public static class EpgSourceKinds
{
    /// <summary>An XMLTV URL an admin added (plain or gzip).</summary>
    public const string Url = "url";

    /// <summary>An uploaded XMLTV file, stored as <c>uploads/epg-source-{id}.xml</c>.</summary>
    public const string File = "file";

    /// <summary>The <c>x-tvg-url</c>/<c>url-tvg</c> of a provider's M3U header.</summary>
    public const string ProviderM3u = "provider_m3u";

    /// <summary>An Xtream provider's <c>xmltv.php</c>.</summary>
    public const string ProviderXtream = "provider_xtream";
}

/// <summary>Where a guide comes from. URLs may carry credentials: stored encrypted, shown masked.</summary>
public sealed class EpgSource
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Kind { get; set; } = EpgSourceKinds.Url;

    public string? UrlProtected { get; set; }

    public string? UrlMasked { get; set; }

    /// <summary>SHA-256 of the clear URL, to find a provider's source again without decrypting every row.</summary>
    public string? UrlHash { get; set; }

    public string? FilePath { get; set; }

    /// <summary>The provider this source was derived from (cascade: removed with the provider).</summary>
    public long? ProviderId { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>A provider-derived source the admin removed: kept as a marker so the next sync does not add it again.</summary>
    public bool Dismissed { get; set; }

    /// <summary>Lower first: when several sources carry the same guide channel id, the first one wins.</summary>
    public int Priority { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? LastRefreshAt { get; set; }

    public DateTime? LastSuccessfulRefreshAt { get; set; }

    /// <summary><c>succeeded</c>, <c>failed</c>, <c>rejected</c>; null before the first refresh.</summary>
    public string? LastRefreshStatus { get; set; }

    public string? LastRefreshMessage { get; set; }
}

/// <summary>One row per refresh attempt (failed ones included): counts, problems and duration.</summary>
public sealed class EpgRefreshLog
{
    public long Id { get; set; }

    public long SourceId { get; set; }

    public DateTime StartedAt { get; set; }

    public double DurationSeconds { get; set; }

    public string Status { get; set; } = "";

    public int ChannelsCount { get; set; }

    public int ProgrammesCount { get; set; }

    /// <summary>Programmes read but outside the kept window (or for no known channel).</summary>
    public int ProgrammesSkipped { get; set; }

    public int ErrorsCount { get; set; }

    /// <summary>JSON array of <c>{line, code, message}</c> (at most 200).</summary>
    public string ErrorDetails { get; set; } = "[]";
}

internal sealed class EpgSourceConfiguration : IEntityTypeConfiguration<EpgSource>, IEntityTypeConfiguration<EpgRefreshLog>
{
    public void Configure(EntityTypeBuilder<EpgSource> builder)
    {
        builder.ToTable("epg_sources");
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Kind).HasMaxLength(16);
        builder.Property(s => s.UrlMasked).HasMaxLength(2000);
        builder.Property(s => s.UrlHash).HasMaxLength(64);
        builder.Property(s => s.FilePath).HasMaxLength(500);
        builder.Property(s => s.LastRefreshStatus).HasMaxLength(16);
        builder.Property(s => s.LastRefreshMessage).HasMaxLength(2000);
        builder.HasOne<Provider>().WithMany().HasForeignKey(s => s.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.ProviderId, s.UrlHash });
    }

    public void Configure(EntityTypeBuilder<EpgRefreshLog> builder)
    {
        builder.ToTable("epg_refresh_logs");
        builder.Property(l => l.Status).HasMaxLength(16);
        builder.HasOne<EpgSource>().WithMany().HasForeignKey(l => l.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.SourceId, l.StartedAt });
    }
}
