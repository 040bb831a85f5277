using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Playback;

/// <summary>What happened at a provider's connections (for the capacity report of the analytics).</summary>
public static class PlaybackEventKinds
{
    /// <summary>A player was turned away because every connection of the provider(s) was in use.</summary>
    public const string Refused = "refused";

    /// <summary>A stream failed while someone watched and the next one was tried.</summary>
    public const string Failover = "failover";

    /// <summary>A periodic sample of the connections in use (<see cref="PlaybackEvent.InUse"/>).</summary>
    public const string Usage = "usage";
}

/// <summary>
/// One event at a provider: a refused playback, a failover, or a usage sample taken every minute while any connection
/// is open (the highest count seen in that minute), so admins can size subscriptions against max_connections.
/// </summary>
public sealed class PlaybackEvent
{
    public long Id { get; set; }

    public long ProviderId { get; set; }

    public DateTime At { get; set; }

    public string Kind { get; set; } = PlaybackEventKinds.Usage;

    /// <summary>Connections in use (usage samples: the peak of the minute; other kinds: at the time of the event).</summary>
    public int InUse { get; set; }

    public int MaxConnections { get; set; }

    public long? ChannelId { get; set; }

    public long? StreamId { get; set; }
}

internal sealed class PlaybackEventConfiguration : IEntityTypeConfiguration<PlaybackEvent>
{
    public void Configure(EntityTypeBuilder<PlaybackEvent> builder)
    {
        builder.ToTable("playback_events");
        builder.HasOne<Provider>().WithMany().HasForeignKey(e => e.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Kind).HasMaxLength(16);
        builder.HasIndex(e => new { e.ProviderId, e.At });
        builder.HasIndex(e => new { e.Kind, e.At });
    }
}
