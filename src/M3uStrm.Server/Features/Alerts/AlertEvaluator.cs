using M3uStrm.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Alerts;

public sealed record AlertEvaluationSummary(int Rules, int FailedRules, int Opened, int Resolved, int StillOpen, int Delivered, int DeliveryFailures);

/// <summary>
/// Runs the enabled rules, opens an incident (and one notification) for each new finding, resolves the open incidents
/// whose condition cleared (one "resolved" notification), then delivers the pending webhook deliveries.
/// </summary>
internal sealed class AlertEvaluator(AppDbContext db, AlertConditions conditions, WebhookSender sender, TimeProvider time, IOptionsMonitor<AlertsOptions> options, ILogger<AlertEvaluator> logger)
{
    public async Task<AlertEvaluationSummary> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var rules = await db.Set<AlertRule>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var open = await db.Set<AlertIncident>().Where(i => i.ResolvedAt == null).ToListAsync(cancellationToken);
        var webhooks = await db.Set<Webhook>().AsNoTracking().Where(w => w.Enabled).ToListAsync(cancellationToken);
        int opened = 0, resolved = 0, evaluated = 0, failedRules = 0;
        var notifications = new List<(Notification Notification, AlertIncident Incident, bool Resolved)>();

        foreach (var rule in rules)
        {
            var kind = AlertRuleKinds.Find(rule.Kind);
            var openOfRule = open.Where(i => i.RuleKind == rule.Kind).ToDictionary(i => i.SubjectKey);
            if (kind is null || !rule.Enabled)
            {
                // A disabled rule judges nothing: its incidents close quietly.
                foreach (var incident in openOfRule.Values)
                {
                    incident.ResolvedAt = now;
                }

                continue;
            }

            evaluated++;
            List<AlertFinding> findings;
            try
            {
                findings = await conditions.FindAsync(kind.Kind, kind.Read(rule.Parameters), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One broken rule must not silence the others; its open incidents stay as they are (not judged is not cleared).
                logger.LogError(ex, "Alert rule {RuleKind} could not be evaluated", kind.Kind);
                failedRules++;
                continue;
            }

            foreach (var finding in findings.DistinctBy(f => f.SubjectKey))
            {
                if (openOfRule.Remove(finding.SubjectKey, out var existing))
                {
                    existing.LastSeenAt = now;
                    continue;
                }

                var incident = new AlertIncident
                {
                    RuleKind = kind.Kind,
                    SubjectKey = finding.SubjectKey,
                    Title = finding.Title,
                    Message = finding.Message,
                    OpenedAt = now,
                    LastSeenAt = now,
                };
                db.Add(incident);
                notifications.Add((NewNotification(incident, AlertEvents.Opened, kind.Severity, finding.Title, finding.Message, now), incident, false));
                opened++;
            }

            foreach (var incident in openOfRule.Values)
            {
                incident.ResolvedAt = now;
                notifications.Add((NewNotification(incident, AlertEvents.Resolved, "info", "Resolved: " + incident.Title,
                    $"No longer true since {now:u}. Opened {incident.OpenedAt:u}: {incident.Message}", now), incident, true));
                resolved++;
            }
        }

        await SaveAsync(notifications, webhooks, cancellationToken);
        var (delivered, failed) = await DeliverPendingAsync(cancellationToken);
        var stillOpen = await db.Set<AlertIncident>().CountAsync(i => i.ResolvedAt == null, cancellationToken);
        await PruneAsync(now, cancellationToken);
        return new AlertEvaluationSummary(evaluated, failedRules, opened, resolved, stillOpen, delivered, failed);
    }

    /// <summary>
    /// Incidents first (the notifications reference them), then the notifications with one delivery per enabled webhook,
    /// all or nothing: an incident is never open without its notification.
    /// </summary>
    private async Task SaveAsync(List<(Notification Notification, AlertIncident Incident, bool Resolved)> notifications, List<Webhook> webhooks, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (notification, incident, _) in notifications)
        {
            notification.IncidentId = incident.Id;
            db.Add(notification);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (notification, _, isResolved) in notifications)
        {
            foreach (var webhook in webhooks.Where(w => !isResolved || w.SendResolved))
            {
                db.Add(new NotificationDelivery { NotificationId = notification.Id, WebhookId = webhook.Id });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Notifications and resolved incidents older than <c>Alerts:RetentionDays</c> (default 90) are deleted.</summary>
    private async Task PruneAsync(DateTime now, CancellationToken cancellationToken)
    {
        var cutoff = now.AddDays(-options.CurrentValue.RetentionDays);
        await db.Set<Notification>().Where(n => n.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.Set<AlertIncident>().Where(i => i.ResolvedAt != null && i.ResolvedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private static Notification NewNotification(AlertIncident incident, string @event, string severity, string title, string message, DateTime now) => new()
    {
        Event = @event,
        RuleKind = incident.RuleKind,
        SubjectKey = incident.SubjectKey,
        Severity = severity,
        Title = title.Length <= 500 ? title : title[..500],
        Message = message.Length <= 2000 ? message : message[..2000],
        CreatedAt = now,
    };

    /// <summary>
    /// Sends every delivery not yet delivered that has attempts left (<c>Alerts:MaxDeliveryAttempts</c>, default 5), one evaluation
    /// after another: a webhook that is down gets the message when it is back, within the bound.
    /// </summary>
    private async Task<(int Delivered, int Failed)> DeliverPendingAsync(CancellationToken cancellationToken)
    {
        var maxAttempts = options.CurrentValue.MaxDeliveryAttempts;
        var due = await db.Set<NotificationDelivery>()
            .Where(d => d.Status != DeliveryStatus.Delivered && d.Attempts < maxAttempts)
            .OrderBy(d => d.Id).Take(500).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return (0, 0);
        }

        var notificationIds = due.Select(d => d.NotificationId).Distinct().ToList();
        var webhookIds = due.Select(d => d.WebhookId).Distinct().ToList();
        var notifications = await db.Set<Notification>().AsNoTracking().Where(n => notificationIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, cancellationToken);
        var webhooks = await db.Set<Webhook>().AsNoTracking().Where(w => webhookIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, cancellationToken);
        int delivered = 0, failed = 0;
        var down = new HashSet<long>();
        foreach (var delivery in due)
        {
            // A webhook that just failed is not tried again in this run: a receiver that is down costs one timeout per
            // evaluation, not one per waiting message; the others keep their attempts for the next evaluation.
            if (!webhooks.TryGetValue(delivery.WebhookId, out var webhook) || !webhook.Enabled || down.Contains(webhook.Id))
            {
                continue;
            }

            var n = notifications[delivery.NotificationId];
            var result = await sender.SendAsync(webhook, new WebhookMessage(n.Event, n.Id, n.RuleKind, n.SubjectKey, n.Severity, n.Title, n.Message, n.CreatedAt), cancellationToken);
            delivery.Attempts++;
            delivery.LastAttemptAt = time.GetUtcNow().UtcDateTime;
            delivery.LastStatusCode = result.StatusCode;
            if (result.Ok)
            {
                delivery.Status = DeliveryStatus.Delivered;
                delivery.DeliveredAt = delivery.LastAttemptAt;
                delivery.LastError = null;
                delivered++;
            }
            else
            {
                delivery.Status = DeliveryStatus.Failed;
                delivery.LastError = result.Error;
                down.Add(webhook.Id);
                failed++;
                logger.LogWarning("Webhook {WebhookId} ({WebhookName}) did not take notification {NotificationId} (attempt {Attempt} of {MaxAttempts}): {Error}",
                    webhook.Id, webhook.Name, n.Id, delivery.Attempts, maxAttempts, result.Error);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return (delivered, failed);
    }
}
