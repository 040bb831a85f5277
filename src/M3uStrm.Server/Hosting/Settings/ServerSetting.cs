using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Hosting.Settings;

/// <summary>A setting changed from the UI: its configuration key (e.g. <c>Playback:Mode</c>) and value, layered over appsettings and the environment.</summary>
public sealed class ServerSetting
{
    public string Key { get; set; } = "";

    /// <summary>The value as configuration text (invariant culture; booleans as <c>true</c>/<c>false</c>).</summary>
    public string Value { get; set; } = "";

    public DateTime UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

internal sealed class ServerSettingConfiguration : IEntityTypeConfiguration<ServerSetting>
{
    public void Configure(EntityTypeBuilder<ServerSetting> builder)
    {
        builder.ToTable("settings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(200);
        builder.Property(s => s.Value).HasMaxLength(4000);
        builder.Property(s => s.UpdatedBy).HasMaxLength(256);
    }
}
