using System.Text.Json;

namespace M3uStrm.Server.Features.Alerts;

public sealed record AlertParameterResponse(string Name, double Default, double Min, double Max, bool Integer, string Description);

public sealed record AlertRuleResponse(
    long Id, string Kind, string Description, string Severity, bool Enabled, IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyList<AlertParameterResponse> ParameterSpecs, DateTime? UpdatedAt);

/// <summary>A rule update: both fields optional; <c>parameters</c> may name only the values that change.</summary>
public sealed record AlertRuleRequest(bool? Enabled, JsonElement? Parameters);

public sealed record DeliveryResponse(long WebhookId, string Status, int Attempts, int? LastStatusCode, string? LastError, DateTime? LastAttemptAt, DateTime? DeliveredAt);

public sealed record NotificationResponse(
    long Id, long? IncidentId, string Event, string Rule, string Subject, string Severity, string Title, string Message,
    DateTime CreatedAt, DateTime? ReadAt, IReadOnlyList<DeliveryResponse> Deliveries);

public sealed record NotificationPage(IReadOnlyList<NotificationResponse> Items, int Total, int Unread, int Page, int PageSize);

public sealed record MarkedRead(int Marked);

public sealed record WebhookRequest(string? Name, string? Kind, string? Url, bool? Enabled, bool? SendResolved);

public sealed record WebhookResponse(long Id, string Name, string Kind, string Url, bool Enabled, bool SendResolved, DateTime CreatedAt, DateTime? UpdatedAt);

public sealed record WebhookTestResponse(bool Ok, int? StatusCode, string? Error, long DurationMs);
