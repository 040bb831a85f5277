using System.Security.Claims;
using M3uStrm.Server.Features.Auth;
using M3uStrm.Server.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace M3uStrm.Server.Features.Analytics;

/// <summary>The analytics reports under <c>/api/analytics</c> (admin ones under <c>/api/analytics/admin</c>).</summary>
internal static class AnalyticsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/analytics/admin").WithTags("Analytics").RequireAuthorization(AuthSetup.AdminPolicy);
        admin.MapGet("/users/engagement", Engagement);
        admin.MapGet("/users/{id:guid}/engagement", UserEngagement);
        admin.MapPost("/history/import", Import).DisableAntiforgery();
        admin.MapGet("/stats", AdminStats);
        admin.MapGet("/programmes", Programmes);
        admin.MapGet("/providers/capacity", Capacity);

        var signedIn = app.MapGroup("/api/analytics").WithTags("Analytics").RequireAuthorization();
        signedIn.MapGet("/popular", Popular);
        signedIn.MapGet("/stats", MyStats);
    }

    internal static async Task<IResult> MyStats(ClaimsPrincipal user, ViewingStats stats, int days = 30, string? format = null, CancellationToken cancellationToken = default)
    {
        if (AnalyticsWindow.Check(days, format) is { } invalid)
        {
            return invalid;
        }

        var result = await stats.ForUserAsync(Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!), days, cancellationToken);
        return format != "csv" ? TypedResults.Ok(result) : DailyCsv(result.Daily);
    }

    internal static async Task<IResult> AdminStats(ViewingStats stats, int days = 30, string? format = null, CancellationToken cancellationToken = default)
    {
        if (AnalyticsWindow.Check(days, format) is { } invalid)
        {
            return invalid;
        }

        var result = await stats.ForEveryoneAsync(days, cancellationToken);
        return format != "csv" ? TypedResults.Ok(result) : DailyCsv(result.Daily);
    }

    internal static async Task<IResult> Programmes(ProgrammeReport report, int days = 7, int limit = 20, string? format = null, CancellationToken cancellationToken = default)
    {
        if (AnalyticsWindow.Check(days, format) is { } invalid)
        {
            return invalid;
        }

        if (limit is < 1 or > 500)
        {
            return ApiProblems.Validation("limit", "limit must be between 1 and 500.");
        }

        var result = await report.ComputeAsync(days, limit, cancellationToken);
        return format != "csv"
            ? TypedResults.Ok(result)
            : AnalyticsWindow.CsvResult("programme_id,title,sub_title,channel_id,channel_name,start,stop,sessions,viewers,hours",
                result.TopProgrammes.Select(p => new object?[] { p.ProgrammeId, p.Title, p.SubTitle, p.ChannelId, p.ChannelName, p.Start, p.Stop, p.Sessions, p.Viewers, p.Hours }));
    }

    internal static async Task<IResult> Capacity(ProviderCapacityReport report, int days = 30, string? format = null, CancellationToken cancellationToken = default)
    {
        if (AnalyticsWindow.Check(days, format) is { } invalid)
        {
            return invalid;
        }

        var result = await report.ComputeAsync(days, cancellationToken);
        return format != "csv"
            ? TypedResults.Ok(result)
            : AnalyticsWindow.CsvResult("provider_id,provider_name,max_connections,date,peak_concurrent,refused,failovers",
                result.SelectMany(p => p.Daily.Select(d => new object?[] { p.ProviderId, p.ProviderName, p.MaxConnections, Date(d.Date), d.PeakConcurrent, d.Refused, d.Failovers })));
    }

    private static IResult DailyCsv(IEnumerable<StatsDay> daily) =>
        AnalyticsWindow.CsvResult("date,sessions,hours,active_users,peak_concurrent", daily.Select(d => new object?[] { Date(d.Date), d.Sessions, d.Hours, d.ActiveUsers, d.PeakConcurrent }));

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    internal static async Task<IResult> Engagement(
        EngagementReport report, int days = 30, [FromQuery(Name = "min_engagement")] double minEngagement = 0, string? format = null, CancellationToken cancellationToken = default)
    {
        if (AnalyticsWindow.Check(days, format) is { } invalid)
        {
            return invalid;
        }

        if (minEngagement is < 0 or > 100 || double.IsNaN(minEngagement))
        {
            return ApiProblems.Validation("min_engagement", "min_engagement must be between 0 and 100.");
        }

        var rows = await report.ComputeAsync(days, minEngagement, cancellationToken);
        if (format != "csv")
        {
            return TypedResults.Ok(rows);
        }

        return AnalyticsWindow.CsvResult(
            "user_id,username,total_sessions,total_hours_watched,avg_session_minutes,active_days,last_active,engagement_score,content_diversity,completion_rate",
            rows.Select(r => new object?[] { r.UserId, r.Username, r.TotalSessions, r.TotalHoursWatched, r.AvgSessionMinutes, r.ActiveDays, r.LastActive, r.EngagementScore, r.ContentDiversity, r.CompletionRate }));
    }

    internal static async Task<IResult> UserEngagement(Guid id, EngagementReport report, int days = 30, string? format = null, CancellationToken cancellationToken = default)
    {
        if (AnalyticsWindow.Check(days, format) is { } invalid)
        {
            return invalid;
        }

        var result = await report.ComputeForUserAsync(id, days, cancellationToken);
        if (result is null)
        {
            return ApiProblems.NotFound("User");
        }

        return format != "csv"
            ? TypedResults.Ok(result)
            : AnalyticsWindow.CsvResult("date,sessions,hours,completed", result.Daily.Select(d => new object?[] { Date(d.Date), d.Sessions, d.Hours, d.Completed }));
    }

    internal static async Task<IResult> Popular(PopularChannels popular, int days = 7, int limit = 10, string? format = null, CancellationToken cancellationToken = default)
    {
        if (AnalyticsWindow.Check(days, format) is { } invalid)
        {
            return invalid;
        }

        if (limit is < 1 or > 100)
        {
            return ApiProblems.Validation("limit", "limit must be between 1 and 100.");
        }

        var rows = await popular.GetAsync(days, limit, cancellationToken);
        return format != "csv"
            ? TypedResults.Ok(rows)
            : AnalyticsWindow.CsvResult("channel_id,name,logo,sessions,unique_viewers,hours", rows.Select(r => new object?[] { r.ChannelId, r.Name, r.Logo, r.Sessions, r.UniqueViewers, r.Hours }));
    }

    internal static async Task<IResult> Import(HttpRequest request, HistoryImport import, CancellationToken cancellationToken)
    {
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        bool csv;
        switch (type)
        {
            case "text/csv":
                csv = true;
                break;
            case "application/x-ndjson" or "application/jsonl" or "application/json-lines" or "application/jsonlines" or "application/json":
                csv = false;
                break;
            default:
                return ApiProblems.Validation("content_type", "send text/csv (with a header line) or application/x-ndjson (one JSON object a line).");
        }

        var report = await import.ImportAsync(request.Body, csv, cancellationToken);
        if (report.Rejected.Count == 0)
        {
            return TypedResults.Ok(report);
        }

        return TypedResults.Problem(
            title: "Some lines were rejected; nothing was imported.",
            detail: $"{report.Rejected.Count} line(s) rejected.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["imported"] = 0, ["rejected"] = report.Rejected });
    }
}
