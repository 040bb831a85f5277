using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Providers;
using M3uStrm.Server.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Analytics;

/// <summary>
/// Viewing sessions of one UTC day, one user and one item, summed. Written by the retention job before raw sessions are
/// deleted, and by the anonymising deletion of a user's sessions (user null). Rollups never overlap the raw sessions
/// still stored, so a report adds both.
/// </summary>
public sealed class SessionRollup
{
    public long Id { get; set; }

    /// <summary>The UTC date of <c>started_at</c>, at midnight.</summary>
    public DateTime Day { get; set; }

    /// <summary>Null once anonymised.</summary>
    public Guid? UserId { get; set; }

    public long? ChannelId { get; set; }

    public long? VodItemId { get; set; }

    public long? EpisodeId { get; set; }

    public int Sessions { get; set; }

    public double Seconds { get; set; }

    public int Completed { get; set; }

    /// <summary>The latest <c>started_at</c> summed here (keeps <c>last_active</c> exact after the raw rows are gone).</summary>
    public DateTime LastStartedAt { get; set; }
}

internal sealed class SessionRollupConfiguration : IEntityTypeConfiguration<SessionRollup>
{
    public void Configure(EntityTypeBuilder<SessionRollup> builder)
    {
        builder.ToTable("session_daily_rollups");
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Channel>().WithMany().HasForeignKey(r => r.ChannelId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<VodItem>().WithMany().HasForeignKey(r => r.VodItemId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Episode>().WithMany().HasForeignKey(r => r.EpisodeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(r => new { r.Day, r.UserId });
        builder.HasIndex(r => new { r.UserId, r.Day });
        builder.HasIndex(r => new { r.ChannelId, r.Day });
    }
}
