using System.ComponentModel.DataAnnotations;

namespace M3uStrm.Server.Features.Alerts;

/// <summary>Settings under <c>Alerts:</c>; validated at start-up. The rule thresholds live in <c>alert_rules</c>, edited through the API.</summary>
public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>How long one webhook call may take.</summary>
    [Range(1, 300)]
    public int WebhookTimeoutSeconds { get; set; } = 10;

    /// <summary>Attempts per (notification, webhook) before the delivery stays failed; one attempt per evaluation.</summary>
    [Range(1, 100)]
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>Notifications and resolved incidents older than this are deleted by the evaluation.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 90;
}
