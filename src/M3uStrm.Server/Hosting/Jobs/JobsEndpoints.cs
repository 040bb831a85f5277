using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Auth;
using M3uStrm.Server.Hosting.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace M3uStrm.Server.Hosting.Jobs;

public sealed record JobRunResponse(Guid Id, string JobKey, string Status, string TriggeredBy, DateTime QueuedAt, DateTime? StartedAt, DateTime? FinishedAt, string? Progress, string? Message);

public sealed record JobResponse(string Key, string Description, string Schedule, DateTime? NextRunAt, DateTime? PreviousRunAt, string Status, JobRunResponse? LastRun);

public sealed record JobRunAccepted(Guid RunId, string JobKey, string Status);

/// <summary>The generic job API every feature's jobs plug into.</summary>
public static class JobsEndpoints
{
    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/jobs").WithTags("Jobs").RequireAuthorization(AuthSetup.AdminPolicy);
        group.MapGet("/", List);
        group.MapPost("/{key}/run", Run);
        group.MapGet("/{key}/runs", Runs);
        group.MapGet("/runs/{id:guid}", GetRun);
        return app;
    }

    internal static async Task<Ok<List<JobResponse>>> List(JobCatalog catalog, ISchedulerFactory factory, AppDbContext db, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var result = new List<JobResponse>();
        foreach (var job in await AllJobsAsync(catalog, scheduler, cancellationToken))
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(job.Key + ".schedule"), cancellationToken);
            var last = await db.JobRuns.AsNoTracking().Where(r => r.JobKey == job.Key).OrderByDescending(r => r.QueuedAt).FirstOrDefaultAsync(cancellationToken);
            var running = await db.JobRuns.AnyAsync(r => r.JobKey == job.Key && r.Status == JobRunStatus.Running, cancellationToken);
            result.Add(new JobResponse(
                job.Key,
                job.Description,
                (trigger as ICronTrigger)?.CronExpressionString ?? configuration[$"Jobs:{job.Key}:Cron"] ?? job.DefaultCron,
                trigger?.NextFireTimeUtc?.UtcDateTime,
                trigger?.PreviousFireTimeUtc?.UtcDateTime,
                running ? JobRunStatus.Running : "idle",
                last is null ? null : ToResponse(last)));
        }

        return TypedResults.Ok(result);
    }

    internal static async Task<Results<Accepted<JobRunAccepted>, ProblemHttpResult>> Run(
        string key, ISchedulerFactory factory, AppDbContext db, IAuditTrail audit, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        if (await scheduler.GetJobDetail(new JobKey(key), cancellationToken) is null)
        {
            return ApiProblems.NotFound($"Job '{key}'");
        }

        var run = await JobQueue.QueueAsync(db, scheduler, time, new JobKey(key), $"manual:{http.User.Identity?.Name}", cancellationToken,
            beforeSave: r => audit.Add("job.run", "job", key, $"run {r.Id}"));
        return TypedResults.Accepted($"/api/admin/jobs/runs/{run.Id}", new JobRunAccepted(run.Id, key, run.Status));
    }

    internal static async Task<Results<Ok<Paged<JobRunResponse>>, ValidationProblem, ProblemHttpResult>> Runs(
        string key, ISchedulerFactory factory, AppDbContext db, int page = 1, int page_size = 50, CancellationToken cancellationToken = default)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        if (await scheduler.GetJobDetail(new JobKey(key), cancellationToken) is null)
        {
            return ApiProblems.NotFound($"Job '{key}'");
        }

        if (ApiProblems.CheckPaging(page, page_size) is { } problem)
        {
            return problem;
        }

        var query = db.JobRuns.AsNoTracking().Where(r => r.JobKey == key);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(r => r.QueuedAt).Skip((page - 1) * page_size).Take(page_size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<JobRunResponse>([.. items.Select(ToResponse)], total, page, page_size));
    }

    internal static async Task<Results<Ok<JobRunResponse>, ProblemHttpResult>> GetRun(Guid id, AppDbContext db, CancellationToken cancellationToken)
    {
        var run = await db.JobRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return run is null ? ApiProblems.NotFound("Job run") : TypedResults.Ok(ToResponse(run));
    }

    /// <summary>The catalogued jobs plus the jobs features add at run time (one sync job per provider).</summary>
    private static async Task<List<JobDefinition>> AllJobsAsync(JobCatalog catalog, IScheduler scheduler, CancellationToken cancellationToken)
    {
        var jobs = catalog.Jobs.ToList();
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken))
        {
            if (catalog.Find(key.Name) is null && await scheduler.GetJobDetail(key, cancellationToken) is { } detail)
            {
                jobs.Add(new JobDefinition(key.Name, detail.Description ?? key.Name, typeof(IJob), ""));
            }
        }

        return [.. jobs.OrderBy(j => j.Key, StringComparer.Ordinal)];
    }

    private static JobRunResponse ToResponse(JobRun r) => new(r.Id, r.JobKey, r.Status, r.TriggeredBy, r.QueuedAt, r.StartedAt, r.FinishedAt, r.Progress, r.Message);
}
