using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Providers;

public static class ProviderKinds
{
    public const string M3uUrl = "m3u_url";
    public const string M3uFile = "m3u_file";
    public const string Xtream = "xtream";

    public static readonly IReadOnlyList<string> All = [M3uUrl, M3uFile, Xtream];
}

/// <summary>Where ffprobe/ffmpeg is used for a provider's streams: quality sampling, the health check's content check, both or neither.</summary>
public static class FfprobeModes
{
    public const string Off = "off";
    public const string Sampling = "sampling";
    public const string HealthCheck = "health_check";
    public const string Both = "both";

    public static readonly IReadOnlyList<string> All = [Off, Sampling, HealthCheck, Both];

    public static bool Samples(string mode) => mode is Sampling or Both;

    public static bool ChecksContent(string mode) => mode is HealthCheck or Both;
}

/// <summary>An IPTV subscription or playlist the server pulls content from.</summary>
public sealed class Provider
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Kind { get; set; } = ProviderKinds.M3uUrl;

    /// <summary>M3U URL or Xtream server URL, encrypted with Data Protection (URLs often carry credentials).</summary>
    public string? UrlProtected { get; set; }

    /// <summary>The URL with credentials replaced by <c>***</c>, for answers and logs.</summary>
    public string? UrlMasked { get; set; }

    public string? Username { get; set; }

    public string? PasswordProtected { get; set; }

    /// <summary>For <c>m3u_file</c>: the stored upload, relative to the data directory.</summary>
    public string? FilePath { get; set; }

    public bool Enabled { get; set; } = true;

    public int Priority { get; set; } = 5;

    public int MaxConnections { get; set; } = 1;

    /// <summary>Quartz cron expression of the sync schedule.</summary>
    public string SyncCron { get; set; } = "0 0 * * * ?";

    public string? UserAgent { get; set; }

    /// <summary>JSON array of group filters: exact names, or <c>/regex/</c>.</summary>
    public string IncludeGroups { get; set; } = "[]";

    public string ExcludeGroups { get; set; } = "[]";

    public bool ImportLive { get; set; } = true;

    public bool ImportVod { get; set; } = true;

    public bool ImportSeries { get; set; } = true;

    /// <summary>A sync that would remove more than this share of the provider's items is rejected.</summary>
    public int MaxRemovalPercent { get; set; } = 50;

    /// <summary>One of <see cref="FfprobeModes"/>; <c>off</c> by default.</summary>
    public string FfprobeMode { get; set; } = FfprobeModes.Off;

    public DateTime CreatedAt { get; set; }

    public DateTime? LastSyncAt { get; set; }

    /// <summary><c>succeeded</c>, <c>failed</c>, <c>rejected</c> or null before the first sync.</summary>
    public string? LastSyncStatus { get; set; }

    public string? LastSyncMessage { get; set; }

    public DateTime? LastSuccessfulSyncAt { get; set; }
}

internal sealed class ProviderConfiguration : IEntityTypeConfiguration<Provider>
{
    public void Configure(EntityTypeBuilder<Provider> builder)
    {
        builder.ToTable("providers");
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.HasIndex(p => p.Name).IsUnique();
        builder.Property(p => p.Kind).HasMaxLength(16);
        builder.Property(p => p.UrlMasked).HasMaxLength(2000);
        builder.Property(p => p.Username).HasMaxLength(200);
        builder.Property(p => p.FilePath).HasMaxLength(500);
        builder.Property(p => p.SyncCron).HasMaxLength(120);
        builder.Property(p => p.UserAgent).HasMaxLength(500);
        builder.Property(p => p.LastSyncStatus).HasMaxLength(16);
        builder.Property(p => p.FfprobeMode).HasMaxLength(16).HasDefaultValue(FfprobeModes.Off);
        builder.Property(p => p.LastSyncMessage).HasMaxLength(2000);
    }
}
