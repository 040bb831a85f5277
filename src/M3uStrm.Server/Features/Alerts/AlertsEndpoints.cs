using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Auth;
using M3uStrm.Server.Hosting;
using M3uStrm.Server.Hosting.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Alerts;

/// <summary>Alert rules (<c>/api/admin/alerts/rules</c>), in-app notifications (<c>/api/admin/notifications</c>) and webhooks (<c>/api/admin/webhooks</c>).</summary>
public static class AlertsEndpoints
{
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/admin/alerts/rules").WithTags("Alerts").RequireAuthorization(AuthSetup.AdminPolicy);
        rules.MapGet("/", ListRules);
        rules.MapGet("/{id:long}", GetRule);
        rules.MapPut("/{id:long}", UpdateRule);

        var notifications = app.MapGroup("/api/admin/notifications").WithTags("Alerts").RequireAuthorization(AuthSetup.AdminPolicy);
        notifications.MapGet("/", ListNotifications);
        notifications.MapPost("/{id:long}/read", MarkRead);
        notifications.MapPost("/read-all", MarkAllRead);

        var webhooks = app.MapGroup("/api/admin/webhooks").WithTags("Alerts").RequireAuthorization(AuthSetup.AdminPolicy);
        webhooks.MapGet("/", ListWebhooks);
        webhooks.MapGet("/{id:long}", GetWebhook);
        webhooks.MapPost("/", CreateWebhook);
        webhooks.MapPut("/{id:long}", UpdateWebhook);
        webhooks.MapDelete("/{id:long}", DeleteWebhook);
        webhooks.MapPost("/{id:long}/test", TestWebhook);
        return app;
    }

    private static AlertRuleResponse ToResponse(AlertRule rule)
    {
        var kind = AlertRuleKinds.Find(rule.Kind);
        return new AlertRuleResponse(rule.Id, rule.Kind, kind?.Description ?? "", kind?.Severity ?? "", rule.Enabled,
            kind?.Read(rule.Parameters) ?? new Dictionary<string, double>(),
            kind?.Parameters.Select(p => new AlertParameterResponse(p.Name, p.Default, p.Min, p.Max, p.Integer, p.Description)).ToList() ?? [],
            rule.UpdatedAt);
    }

    internal static async Task<Ok<List<AlertRuleResponse>>> ListRules(AppDbContext db, CancellationToken cancellationToken)
    {
        var rules = await db.Set<AlertRule>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(rules.Select(ToResponse).ToList());
    }

    internal static async Task<Results<Ok<AlertRuleResponse>, ProblemHttpResult>> GetRule(long id, AppDbContext db, CancellationToken cancellationToken)
    {
        var rule = await db.Set<AlertRule>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return rule is null ? ApiProblems.NotFound("Alert rule") : TypedResults.Ok(ToResponse(rule));
    }

    internal static async Task<Results<Ok<AlertRuleResponse>, ValidationProblem, ProblemHttpResult>> UpdateRule(
        long id, AlertRuleRequest request, AppDbContext db, IAuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var rule = await db.Set<AlertRule>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return ApiProblems.NotFound("Alert rule");
        }

        var kind = AlertRuleKinds.Find(rule.Kind);
        if (kind is null)
        {
            return ApiProblems.Conflict($"rule kind '{rule.Kind}' is not known to this server version.");
        }

        var merged = kind.Read(rule.Parameters).ToDictionary();
        if (request.Parameters is { ValueKind: not JsonValueKind.Null } parameters)
        {
            var errors = kind.Validate(parameters, merged);
            if (errors.Count > 0)
            {
                return ApiProblems.Validation(errors);
            }
        }

        rule.Enabled = request.Enabled ?? rule.Enabled;
        rule.Parameters = JsonSerializer.Serialize(merged);
        rule.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Add("alert_rule.update", "alert_rule", id.ToString(), $"kind={rule.Kind} enabled={rule.Enabled} parameters={rule.Parameters}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(rule));
    }

    internal static async Task<Results<Ok<NotificationPage>, ValidationProblem>> ListNotifications(
        AppDbContext db, bool? unread = null, int page = 1, int page_size = 50, CancellationToken cancellationToken = default)
    {
        if (ApiProblems.CheckPaging(page, page_size, MaxPageSize) is { } problem)
        {
            return problem;
        }

        var all = db.Set<Notification>().AsNoTracking();
        var query = unread switch
        {
            true => all.Where(n => n.ReadAt == null),
            false => all.Where(n => n.ReadAt != null),
            null => all,
        };
        var total = await query.CountAsync(cancellationToken);
        var unreadCount = await all.CountAsync(n => n.ReadAt == null, cancellationToken);
        var rows = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((page - 1) * page_size).Take(page_size).ToListAsync(cancellationToken);
        var ids = rows.Select(n => n.Id).ToList();
        var deliveries = (await db.Set<NotificationDelivery>().AsNoTracking().Where(d => ids.Contains(d.NotificationId)).OrderBy(d => d.Id).ToListAsync(cancellationToken))
            .ToLookup(d => d.NotificationId);
        var items = rows.Select(n => new NotificationResponse(n.Id, n.IncidentId, n.Event, n.RuleKind, n.SubjectKey, n.Severity, n.Title, n.Message, n.CreatedAt, n.ReadAt,
            deliveries[n.Id].Select(d => new DeliveryResponse(d.WebhookId, d.Status, d.Attempts, d.LastStatusCode, d.LastError, d.LastAttemptAt, d.DeliveredAt)).ToList())).ToList();
        return TypedResults.Ok(new NotificationPage(items, total, unreadCount, page, page_size));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> MarkRead(long id, AppDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var notification = await db.Set<Notification>().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (notification is null)
        {
            return ApiProblems.NotFound("Notification");
        }

        notification.ReadAt ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<MarkedRead>> MarkAllRead(AppDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var marked = await db.Set<Notification>().Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        return TypedResults.Ok(new MarkedRead(marked));
    }

    private static WebhookResponse ToResponse(Webhook w) => new(w.Id, w.Name, w.Kind, w.UrlMasked, w.Enabled, w.SendResolved, w.CreatedAt, w.UpdatedAt);

    internal static async Task<Ok<List<WebhookResponse>>> ListWebhooks(AppDbContext db, CancellationToken cancellationToken)
    {
        var webhooks = await db.Set<Webhook>().AsNoTracking().OrderBy(w => w.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(webhooks.Select(ToResponse).ToList());
    }

    internal static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetWebhook(long id, AppDbContext db, CancellationToken cancellationToken)
    {
        var webhook = await db.Set<Webhook>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        return webhook is null ? ApiProblems.NotFound("Webhook") : TypedResults.Ok(ToResponse(webhook));
    }

    /// <summary>Checks a webhook request; on create every field but the flags is required, on update each given field is checked.</summary>
    private static Dictionary<string, string[]> Validate(WebhookRequest request, bool create)
    {
        var errors = new Dictionary<string, string[]>();
        if (create || request.Name is not null)
        {
            if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 100)
            {
                errors["name"] = ["name is required and must be at most 100 characters."];
            }
        }

        if (create || request.Kind is not null)
        {
            if (request.Kind is null || !WebhookKinds.All.Contains(request.Kind))
            {
                errors["kind"] = [$"kind must be one of {string.Join(", ", WebhookKinds.All)}."];
            }
        }

        if (create || request.Url is not null)
        {
            if (request.Url is null || request.Url.Length > 2000 || !Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors["url"] = ["url is required and must be an absolute http or https URL of at most 2000 characters."];
            }
        }

        return errors;
    }

    private static async Task<bool> NameTakenAsync(AppDbContext db, string name, long? id, CancellationToken cancellationToken) =>
        await db.Set<Webhook>().AnyAsync(w => w.Name == name && w.Id != (id ?? 0), cancellationToken);

    internal static async Task<Results<Created<WebhookResponse>, ValidationProblem>> CreateWebhook(
        WebhookRequest request, AppDbContext db, WebhookSender sender, IAuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(request, create: true);
        if (errors.Count == 0 && await NameTakenAsync(db, request.Name!.Trim(), null, cancellationToken))
        {
            errors["name"] = ["a webhook with this name already exists."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var webhook = new Webhook
        {
            Name = request.Name!.Trim(),
            Kind = request.Kind!,
            UrlProtected = sender.Protect(request.Url!),
            UrlMasked = WebhookSender.Mask(request.Url!),
            Enabled = request.Enabled ?? true,
            SendResolved = request.SendResolved ?? true,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(webhook);
        await db.SaveChangesAsync(cancellationToken);
        audit.Add("webhook.create", "webhook", webhook.Id.ToString(), $"name={webhook.Name} kind={webhook.Kind} url={webhook.UrlMasked}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/admin/webhooks/{webhook.Id}", ToResponse(webhook));
    }

    internal static async Task<Results<Ok<WebhookResponse>, ValidationProblem, ProblemHttpResult>> UpdateWebhook(
        long id, WebhookRequest request, AppDbContext db, WebhookSender sender, IAuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var webhook = await db.Set<Webhook>().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (webhook is null)
        {
            return ApiProblems.NotFound("Webhook");
        }

        var errors = Validate(request, create: false);
        if (errors.Count == 0 && request.Name is not null && await NameTakenAsync(db, request.Name.Trim(), id, cancellationToken))
        {
            errors["name"] = ["a webhook with this name already exists."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        webhook.Name = request.Name?.Trim() ?? webhook.Name;
        webhook.Kind = request.Kind ?? webhook.Kind;
        if (request.Url is not null)
        {
            webhook.UrlProtected = sender.Protect(request.Url);
            webhook.UrlMasked = WebhookSender.Mask(request.Url);
        }

        webhook.Enabled = request.Enabled ?? webhook.Enabled;
        webhook.SendResolved = request.SendResolved ?? webhook.SendResolved;
        webhook.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Add("webhook.update", "webhook", id.ToString(), request.Url is null ? null : "url changed");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(webhook));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(long id, AppDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var webhook = await db.Set<Webhook>().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (webhook is null)
        {
            return ApiProblems.NotFound("Webhook");
        }

        db.Remove(webhook);
        audit.Add("webhook.delete", "webhook", id.ToString(), $"name={webhook.Name}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Sends a test message now (nothing is stored but the audit row) and answers what the receiver said.</summary>
    internal static async Task<Results<Ok<WebhookTestResponse>, ProblemHttpResult>> TestWebhook(
        long id, AppDbContext db, WebhookSender sender, IAuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var webhook = await db.Set<Webhook>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (webhook is null)
        {
            return ApiProblems.NotFound("Webhook");
        }

        var message = new WebhookMessage(AlertEvents.Test, null, null, null, "info", "Test message",
            $"Webhook {webhook.Name} is set up: M3U-STRM alerts will arrive here.", time.GetUtcNow().UtcDateTime);
        var result = await sender.SendAsync(webhook, message, cancellationToken);
        audit.Add("webhook.test", "webhook", id.ToString(), result.Ok ? $"HTTP {result.StatusCode}" : result.Error);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new WebhookTestResponse(result.Ok, result.StatusCode, result.Error, result.DurationMs));
    }
}
