using M3uStrm.Server.Features.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Epg;

/// <summary>A <c>&lt;channel&gt;</c> of a source's guide. Rows are kept across refreshes (mappings point at them).</summary>
public sealed class EpgChannel
{
    public long Id { get; set; }

    public long SourceId { get; set; }

    /// <summary>The guide's own channel id (<c>channel id="…"</c>).</summary>
    public string XmltvId { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>Every display-name, separated by U+001F (the first is <see cref="DisplayName"/>).</summary>
    public string DisplayNames { get; set; } = "";

    public string? Icon { get; set; }

    public DateTime LastSeenAt { get; set; }
}

/// <summary>A programme of a guide channel; times in UTC, replaced wholesale on each refresh of its source.</summary>
public sealed class Programme
{
    public long Id { get; set; }

    public long SourceId { get; set; }

    public long EpgChannelId { get; set; }

    public DateTime Start { get; set; }

    /// <summary>Null when the guide gave none and none could be inferred (last programme of a channel).</summary>
    public DateTime? Stop { get; set; }

    public string Title { get; set; } = "";

    public string? SubTitle { get; set; }

    public string? Description { get; set; }

    /// <summary>Categories separated by U+001F.</summary>
    public string? Categories { get; set; }

    public string? EpisodeXmltvNs { get; set; }

    public string? EpisodeOnScreen { get; set; }

    public string? Icon { get; set; }

    public string? Lang { get; set; }

    public bool PreviouslyShown { get; set; }

    public bool IsNew { get; set; }
}

/// <summary>Which guide channel a channel's programmes come from. <see cref="Manual"/> ones are never touched by the automatic mapping.</summary>
public sealed class ChannelEpgMapping
{
    public long ChannelId { get; set; }

    public long EpgChannelId { get; set; }

    /// <summary><c>tvg_id</c>, <c>name</c>, <c>fuzzy</c> or <c>manual</c>.</summary>
    public string Method { get; set; } = "";

    /// <summary>0–100: 100 for tvg-id and name matches, the similarity for fuzzy ones.</summary>
    public double Score { get; set; }

    /// <summary>Added to every programme time of this channel (<c>tvg-shift</c>, in minutes).</summary>
    public int ShiftMinutes { get; set; }

    public bool Manual { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class EpgGuideConfiguration :
    IEntityTypeConfiguration<EpgChannel>, IEntityTypeConfiguration<Programme>, IEntityTypeConfiguration<ChannelEpgMapping>
{
    public void Configure(EntityTypeBuilder<EpgChannel> builder)
    {
        builder.ToTable("epg_channels");
        builder.Property(c => c.XmltvId).HasMaxLength(300);
        builder.Property(c => c.DisplayName).HasMaxLength(500);
        builder.Property(c => c.DisplayNames).HasMaxLength(2000);
        builder.Property(c => c.Icon).HasMaxLength(2000);
        builder.HasOne<EpgSource>().WithMany().HasForeignKey(c => c.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.SourceId, c.XmltvId }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Programme> builder)
    {
        builder.ToTable("programmes");
        builder.Property(p => p.Title).HasMaxLength(1000);
        builder.Property(p => p.SubTitle).HasMaxLength(1000);
        builder.Property(p => p.Categories).HasMaxLength(1000);
        builder.Property(p => p.EpisodeXmltvNs).HasMaxLength(100);
        builder.Property(p => p.EpisodeOnScreen).HasMaxLength(100);
        builder.Property(p => p.Icon).HasMaxLength(2000);
        builder.Property(p => p.Lang).HasMaxLength(16);
        builder.HasOne<EpgSource>().WithMany().HasForeignKey(p => p.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<EpgChannel>().WithMany().HasForeignKey(p => p.EpgChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.EpgChannelId, p.Start });
        builder.HasIndex(p => p.SourceId);
    }

    public void Configure(EntityTypeBuilder<ChannelEpgMapping> builder)
    {
        builder.ToTable("channel_epg_mappings");
        builder.HasKey(m => m.ChannelId);
        builder.Property(m => m.ChannelId).ValueGeneratedNever();
        builder.Property(m => m.Method).HasMaxLength(16);
        builder.HasOne<Channel>().WithMany().HasForeignKey(m => m.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<EpgChannel>().WithMany().HasForeignKey(m => m.EpgChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.EpgChannelId);
    }
}
