using System.Globalization;
using System.Text;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Auth;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Providers;
using M3uStrm.Server.Hosting;
using M3uStrm.Server.Hosting.Audit;
using M3uStrm.Server.Hosting.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace M3uStrm.Server.Features.Health;

public sealed record HealthCheckRequest(long? ProviderId, long? ChannelId, long? StreamId);

public sealed record StreamCheckResponse(long Id, long StreamId, DateTime CheckedAt, bool Ok, int LatencyMs, int? HttpStatus, string? Reason);

/// <summary>Streams (not removed) per status, and channels whose active streams are all dead.</summary>
public sealed record HealthSummary(int Alive, int Dead, int Unknown, int ChannelsAllDead, int Degraded);

public sealed record QualityHistoryRow(DateTime Timestamp, string? Resolution, int? Bitrate, int QualityScore, string? Codec, double? Fps, string AnalysisMethod);

public static class HealthEndpoints
{
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<StreamProbe>();
        builder.Services.AddScoped<HealthCheck>();
        builder.Services.AddScoped<StreamReliability>();
        builder.Services.AddScoped<QualitySampling>();
        builder.Services.AddSingleton<FfprobeRunner>();
        builder.Services.AddHttpClient(StreamProbe.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        builder.AddScheduledJob<HealthCheckJob>(HealthCheckJob.Key, "Checks that every live stream answers with real video; marks dead streams.", "0 0 0/6 * * ?");
        builder.AddScheduledJob<QualitySamplingJob>(QualitySamplingJob.Key, "Samples the quality of every active stream.", "0 0 * * * ?");
        return builder;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/health").WithTags("Health").RequireAuthorization(AuthSetup.AdminPolicy);
        group.MapPost("/check", Check);
        group.MapGet("/streams/{streamId:long}/checks", Checks);
        group.MapGet("/summary", Summary);
        app.MapGet("/api/analytics/admin/streams/quality-history/{streamId:long}", QualityHistory)
            .WithTags("Analytics").RequireAuthorization(AuthSetup.AdminPolicy);
        return app;
    }

    internal static async Task<Results<Accepted<JobRunAccepted>, ValidationProblem, ProblemHttpResult>> Check(
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] HealthCheckRequest? request,
        AppDbContext db, ISchedulerFactory factory, IAuditTrail audit, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        request ??= new HealthCheckRequest(null, null, null);
        if (new[] { request.ProviderId, request.ChannelId, request.StreamId }.Count(v => v is not null) > 1)
        {
            return ApiProblems.Validation("provider_id", "give at most one of provider_id, channel_id and stream_id.");
        }

        if (request.ProviderId is { } providerId && !await db.Set<Provider>().AnyAsync(p => p.Id == providerId, cancellationToken))
        {
            return ApiProblems.NotFound("Provider");
        }

        if (request.ChannelId is { } channelId && !await db.Set<Channel>().AnyAsync(c => c.Id == channelId, cancellationToken))
        {
            return ApiProblems.NotFound("Channel");
        }

        if (request.StreamId is { } streamId && !await db.Set<ProviderStream>().AnyAsync(s => s.Id == streamId, cancellationToken))
        {
            return ApiProblems.NotFound("Stream");
        }

        var data = new JobDataMap();
        void Put(string key, long? value)
        {
            if (value is { } v)
            {
                data[key] = v.ToString(CultureInfo.InvariantCulture);
            }
        }

        Put(HealthCheckJob.ProviderIdKey, request.ProviderId);
        Put(HealthCheckJob.ChannelIdKey, request.ChannelId);
        Put(HealthCheckJob.StreamIdKey, request.StreamId);
        var scheduler = await factory.GetScheduler(cancellationToken);
        var run = await JobQueue.QueueAsync(db, scheduler, time, new JobKey(HealthCheckJob.Key), $"manual:{http.User.Identity?.Name}", cancellationToken,
            data, r => audit.Add("health.check", "job", HealthCheckJob.Key, $"run {r.Id}"));
        return TypedResults.Accepted($"/api/admin/jobs/runs/{run.Id}", new JobRunAccepted(run.Id, run.JobKey, run.Status));
    }

    internal static async Task<Results<Ok<Paged<StreamCheckResponse>>, ValidationProblem, ProblemHttpResult>> Checks(
        long streamId, AppDbContext db, int page = 1, int page_size = 50, CancellationToken cancellationToken = default)
    {
        if (ApiProblems.CheckPaging(page, page_size) is { } problem)
        {
            return problem;
        }

        if (!await db.Set<ProviderStream>().AnyAsync(s => s.Id == streamId, cancellationToken))
        {
            return ApiProblems.NotFound("Stream");
        }

        var query = db.Set<StreamCheck>().AsNoTracking().Where(c => c.StreamId == streamId);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(c => c.CheckedAt).ThenByDescending(c => c.Id).Skip((page - 1) * page_size).Take(page_size)
            .Select(c => new StreamCheckResponse(c.Id, c.StreamId, c.CheckedAt, c.Ok, c.LatencyMs, c.HttpStatus, c.Reason)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<StreamCheckResponse>(items, total, page, page_size));
    }

    internal static async Task<Ok<HealthSummary>> Summary(AppDbContext db, CancellationToken cancellationToken)
    {
        var counts = await db.Set<ProviderStream>().Where(s => s.RemovedAt == null).GroupBy(s => s.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var links = from cs in db.Set<ChannelStream>()
                    join s in db.Set<ProviderStream>() on cs.ProviderStreamId equals s.Id
                    where cs.IsActive && s.RemovedAt == null
                    select new { cs.ChannelId, s.Status };
        var allDead = await links.GroupBy(l => l.ChannelId).CountAsync(g => g.All(l => l.Status == StreamStatus.Dead), cancellationToken);
        return TypedResults.Ok(new HealthSummary(
            counts.GetValueOrDefault(StreamStatus.Alive), counts.GetValueOrDefault(StreamStatus.Dead), counts.GetValueOrDefault(StreamStatus.Unknown), allDead,
            counts.GetValueOrDefault(StreamStatus.Degraded)));
    }

    /// <summary>design.md §6: rows with sampled_at at or after now − days, newest first.</summary>
    internal static async Task<IResult> QualityHistory(long streamId, AppDbContext db, TimeProvider time, int days = 7, string? format = null, CancellationToken cancellationToken = default)
    {
        if (days is < 1 or > 90)
        {
            return ApiProblems.Validation("days", "days must be between 1 and 90.");
        }

        if (format is not (null or "json" or "csv"))
        {
            return ApiProblems.Validation("format", "format must be 'json' or 'csv'.");
        }

        if (!await db.Set<ProviderStream>().AnyAsync(s => s.Id == streamId, cancellationToken))
        {
            return ApiProblems.NotFound("Stream");
        }

        var since = time.GetUtcNow().UtcDateTime.AddDays(-days);
        var rows = await db.Set<QualityLog>().AsNoTracking().Where(q => q.StreamId == streamId && q.SampledAt >= since)
            .OrderByDescending(q => q.SampledAt).ThenByDescending(q => q.Id)
            .Select(q => new QualityHistoryRow(q.SampledAt, q.Resolution, q.Bitrate, q.QualityScore, q.Codec, q.Fps, q.AnalysisMethod))
            .ToListAsync(cancellationToken);
        if (format != "csv")
        {
            return TypedResults.Ok(rows);
        }

        var csv = new StringBuilder("timestamp,resolution,bitrate,quality_score,codec,fps,analysis_method\n");
        foreach (var r in rows)
        {
            csv.Append(r.Timestamp.ToString("O", CultureInfo.InvariantCulture)).Append(',').Append(ProviderService.CsvEscape(r.Resolution ?? "")).Append(',')
                .Append(r.Bitrate?.ToString(CultureInfo.InvariantCulture)).Append(',').Append(r.QualityScore.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(ProviderService.CsvEscape(r.Codec ?? "")).Append(',').Append(r.Fps?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(ProviderService.CsvEscape(r.AnalysisMethod)).Append('\n');
        }

        return TypedResults.Text(csv.ToString(), "text/csv; charset=utf-8");
    }
}
