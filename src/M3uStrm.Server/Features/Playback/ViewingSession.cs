using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Providers;
using M3uStrm.Server.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Playback;

/// <summary>Where a viewing session came from (design.md §4).</summary>
public static class SessionSources
{
    public const string Proxy = "proxy";
    public const string Redirect = "redirect";
    public const string Api = "api";
    public const string Import = "import";
    public const string Webhook = "webhook";

    public static readonly IReadOnlyList<string> All = [Proxy, Redirect, Api, Import, Webhook];
}

/// <summary>
/// One playback by one user: a live channel, a movie or an episode. Open while <see cref="EndedAt"/> is null;
/// proxied sessions end exactly when the connection ends, the others are closed by the sweeper at their
/// <see cref="LastSeenAt"/> after two minutes without a sign of life (design.md §6–7).
/// </summary>
public sealed class ViewingSession
{
    public long Id { get; set; }

    public Guid UserId { get; set; }

    public long? ChannelId { get; set; }

    public long? VodItemId { get; set; }

    public long? EpisodeId { get; set; }

    /// <summary>The provider stream that was playing last (live); null for VOD and client-reported sessions.</summary>
    public long? StreamId { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    public DateTime? EndedAt { get; set; }

    /// <summary>Seconds watched: <c>ended_at − started_at</c> when the session ended, or what the client reported.</summary>
    public double? DurationSeconds { get; set; }

    public bool Completed { get; set; }

    public long BytesSent { get; set; }

    public string? Client { get; set; }

    public string? Ip { get; set; }

    public string Source { get; set; } = SessionSources.Proxy;

    /// <summary>Live: the end of the programme on air when the session started (from the guide), for <see cref="Completed"/>.</summary>
    public DateTime? ProgrammeEndsAt { get; set; }

    /// <summary>VOD/episode: the item's known duration when the session started, for <see cref="Completed"/>.</summary>
    public int? ContentDurationSeconds { get; set; }
}

internal sealed class ViewingSessionConfiguration : IEntityTypeConfiguration<ViewingSession>
{
    public void Configure(EntityTypeBuilder<ViewingSession> builder)
    {
        builder.ToTable("viewing_sessions");
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Channel>().WithMany().HasForeignKey(s => s.ChannelId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<VodItem>().WithMany().HasForeignKey(s => s.VodItemId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Episode>().WithMany().HasForeignKey(s => s.EpisodeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ProviderStream>().WithMany().HasForeignKey(s => s.StreamId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(s => s.Client).HasMaxLength(300);
        builder.Property(s => s.Ip).HasMaxLength(64);
        builder.Property(s => s.Source).HasMaxLength(16);
        // The window indexes carry the columns the engagement and popular reports aggregate, so those reports read the
        // index alone (no lookup of each session row): engagement per user on PostgreSQL and per window on SQLite;
        // popular per window on PostgreSQL and per channel on SQLite (whose planner picks the channel index for it).
        builder.HasIndex(s => new { s.UserId, s.StartedAt, s.ChannelId, s.DurationSeconds, s.Completed }).HasDatabaseName("ix_viewing_sessions_user_id_started_at");
        builder.HasIndex(s => new { s.ChannelId, s.StartedAt, s.UserId, s.DurationSeconds }).HasDatabaseName("ix_viewing_sessions_channel_id_started_at");
        builder.HasIndex(s => new { s.StartedAt, s.UserId, s.ChannelId, s.DurationSeconds, s.Completed }).HasDatabaseName("ix_viewing_sessions_started_at");
        builder.HasIndex(s => new { s.EndedAt, s.LastSeenAt });
    }
}
