using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Alerts;

/// <summary>One alert rule: its kind (see <see cref="AlertRuleKinds"/>), whether it runs, and its thresholds.</summary>
public sealed class AlertRule
{
    public long Id { get; set; }

    public string Kind { get; set; } = "";

    public bool Enabled { get; set; } = true;

    /// <summary>JSON object of numeric parameters; keys missing here take the kind's defaults.</summary>
    public string Parameters { get; set; } = "{}";

    public DateTime? UpdatedAt { get; set; }
}

/// <summary>
/// A condition a rule found, keyed by rule and subject (<c>provider:7</c>, <c>channel:12</c>, <c>streams</c>). It stays open
/// while the condition holds and is notified once when it opens (and once when it resolves).
/// </summary>
public sealed class AlertIncident
{
    public long Id { get; set; }

    public string RuleKind { get; set; } = "";

    public string SubjectKey { get; set; } = "";

    public string Title { get; set; } = "";

    public string Message { get; set; } = "";

    public DateTime OpenedAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    public DateTime? ResolvedAt { get; set; }
}

/// <summary>An in-app notification (shared by the admins), delivered to the webhooks enabled when it was created.</summary>
public sealed class Notification
{
    public long Id { get; set; }

    public long? IncidentId { get; set; }

    /// <summary><c>alert.opened</c> or <c>alert.resolved</c>.</summary>
    public string Event { get; set; } = "";

    public string RuleKind { get; set; } = "";

    public string SubjectKey { get; set; } = "";

    /// <summary><c>warning</c> or <c>critical</c> (resolved notifications: <c>info</c>).</summary>
    public string Severity { get; set; } = "";

    public string Title { get; set; } = "";

    public string Message { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? ReadAt { get; set; }
}

/// <summary>The delivery of one notification to one webhook: retried on later evaluations until delivered or out of attempts.</summary>
public sealed class NotificationDelivery
{
    public long Id { get; set; }

    public long NotificationId { get; set; }

    public long WebhookId { get; set; }

    /// <summary><c>pending</c>, <c>delivered</c> or <c>failed</c> (failed ones are retried while attempts remain).</summary>
    public string Status { get; set; } = DeliveryStatus.Pending;

    public int Attempts { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    public DateTime? DeliveredAt { get; set; }
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>A configured webhook. Its URL usually carries a token (Discord, Slack): stored encrypted, answered masked.</summary>
public sealed class Webhook
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>One of <see cref="WebhookKinds"/>.</summary>
    public string Kind { get; set; } = WebhookKinds.Generic;

    public string UrlProtected { get; set; } = "";

    public string UrlMasked { get; set; } = "";

    public bool Enabled { get; set; } = true;

    /// <summary>Whether "resolved" notifications are sent too.</summary>
    public bool SendResolved { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime? UpdatedAt { get; set; }
}

public static class WebhookKinds
{
    public const string Generic = "generic";
    public const string Discord = "discord";
    public const string Slack = "slack";

    public static readonly IReadOnlyList<string> All = [Generic, Discord, Slack];
}

internal sealed class AlertConfiguration :
    IEntityTypeConfiguration<AlertRule>, IEntityTypeConfiguration<AlertIncident>, IEntityTypeConfiguration<Notification>,
    IEntityTypeConfiguration<NotificationDelivery>, IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<AlertRule> builder)
    {
        builder.ToTable("alert_rules");
        builder.Property(r => r.Kind).HasMaxLength(64);
        builder.HasIndex(r => r.Kind).IsUnique();
        builder.Property(r => r.Parameters).HasMaxLength(4000);
        builder.HasData(AlertRuleKinds.All.Select((kind, i) => new AlertRule { Id = i + 1, Kind = kind.Kind, Enabled = true, Parameters = kind.DefaultParametersJson() }));
    }

    public void Configure(EntityTypeBuilder<AlertIncident> builder)
    {
        builder.ToTable("alert_incidents");
        builder.Property(i => i.RuleKind).HasMaxLength(64);
        builder.Property(i => i.SubjectKey).HasMaxLength(200);
        builder.Property(i => i.Title).HasMaxLength(500);
        builder.Property(i => i.Message).HasMaxLength(2000);
        // At most one open incident per rule and subject, even if two evaluations ever overlapped.
        builder.HasIndex(i => new { i.RuleKind, i.SubjectKey }).IsUnique().HasFilter("resolved_at IS NULL");
        builder.HasIndex(i => i.OpenedAt);
    }

    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasOne<AlertIncident>().WithMany().HasForeignKey(n => n.IncidentId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(n => n.Event).HasMaxLength(32);
        builder.Property(n => n.RuleKind).HasMaxLength(64);
        builder.Property(n => n.SubjectKey).HasMaxLength(200);
        builder.Property(n => n.Severity).HasMaxLength(16);
        builder.Property(n => n.Title).HasMaxLength(500);
        builder.Property(n => n.Message).HasMaxLength(2000);
        builder.HasIndex(n => n.CreatedAt);
        builder.HasIndex(n => n.ReadAt);
    }

    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.ToTable("notification_deliveries");
        builder.HasOne<Notification>().WithMany().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.HasIndex(d => new { d.NotificationId, d.WebhookId }).IsUnique();
        builder.HasIndex(d => d.Status);
    }

    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("webhooks");
        builder.Property(w => w.Name).HasMaxLength(100);
        builder.HasIndex(w => w.Name).IsUnique();
        builder.Property(w => w.Kind).HasMaxLength(16);
        builder.Property(w => w.UrlProtected).HasMaxLength(4000);
        builder.Property(w => w.UrlMasked).HasMaxLength(2000);
    }
}
