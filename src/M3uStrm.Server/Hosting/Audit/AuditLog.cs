using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Hosting.Audit;

/// <summary>Who did what to which object, and when. Written for every admin action.</summary>
public sealed class AuditLog
{
    public long Id { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid? UserId { get; set; }

    public string Username { get; set; } = "";

    /// <summary>Dotted verb, e.g. <c>user.create</c>, <c>job.run</c>.</summary>
    public string Action { get; set; } = "";

    public string TargetType { get; set; } = "";

    public string? TargetId { get; set; }

    /// <summary>Short human-readable detail; never secrets.</summary>
    public string? Detail { get; set; }

    public string? Ip { get; set; }
}

internal sealed class AuditLogConfiguration : IEntityTypeConfiguration<AuditLog>
{
    public void Configure(EntityTypeBuilder<AuditLog> builder)
    {
        builder.ToTable("audit_logs");
        builder.Property(a => a.Username).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.TargetType).HasMaxLength(64);
        builder.Property(a => a.TargetId).HasMaxLength(128);
        builder.Property(a => a.Detail).HasMaxLength(2000);
        builder.Property(a => a.Ip).HasMaxLength(64);
        builder.HasIndex(a => a.CreatedAt);
    }
}
