using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Channels;

/// <summary>A merged channel: the streams of one programme feed across providers.</summary>
public sealed class Channel
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string NormalizedName { get; set; } = "";

    public string? Region { get; set; }

    public string? Variant { get; set; }

    public int? Number { get; set; }

    public string? GroupTitle { get; set; }

    public string? Logo { get; set; }

    public string? EpgChannelId { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Fields an admin set by hand; a sync never overwrites them (name, number, group, logo, epg).</summary>
    public bool NameLocked { get; set; }

    public bool NumberLocked { get; set; }

    public bool GroupLocked { get; set; }

    public bool LogoLocked { get; set; }

    public bool EpgLocked { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>Links a provider stream to its channel, with its failover order.</summary>
public sealed class ChannelStream
{
    public long Id { get; set; }

    public long ChannelId { get; set; }

    public long ProviderStreamId { get; set; }

    /// <summary>Failover order, 0 first.</summary>
    public int Order { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Placed by an admin (merge, split, reorder): the automatic merge leaves it where it is.</summary>
    public bool Manual { get; set; }

    /// <summary><c>tvg_id</c>, <c>exact</c>, <c>fuzzy</c>, <c>new</c>, <c>manual_merge</c>, <c>manual_split</c>.</summary>
    public string MergeMethod { get; set; } = "";

    public double MergeConfidence { get; set; }
}

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>, IEntityTypeConfiguration<ChannelStream>
{
    public void Configure(EntityTypeBuilder<Channel> builder)
    {
        builder.ToTable("channels");
        builder.Property(c => c.Name).HasMaxLength(500);
        builder.Property(c => c.NormalizedName).HasMaxLength(500);
        builder.Property(c => c.Region).HasMaxLength(100);
        builder.Property(c => c.Variant).HasMaxLength(100);
        builder.Property(c => c.GroupTitle).HasMaxLength(300);
        builder.Property(c => c.Logo).HasMaxLength(2000);
        builder.Property(c => c.EpgChannelId).HasMaxLength(300);
        builder.HasIndex(c => c.NormalizedName);
        builder.HasIndex(c => c.EpgChannelId);
    }

    public void Configure(EntityTypeBuilder<ChannelStream> builder)
    {
        builder.ToTable("channel_streams");
        builder.HasOne<Channel>().WithMany().HasForeignKey(cs => cs.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProviderStream>().WithMany().HasForeignKey(cs => cs.ProviderStreamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(cs => cs.ProviderStreamId).IsUnique();
        builder.HasIndex(cs => new { cs.ChannelId, cs.Order });
        builder.HasIndex(cs => cs.IsActive);
        builder.Property(cs => cs.MergeMethod).HasMaxLength(16);
    }
}
