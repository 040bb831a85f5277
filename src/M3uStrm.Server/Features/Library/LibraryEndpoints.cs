using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Hosting;
using M3uStrm.Server.Hosting.Audit;
using M3uStrm.Server.Hosting.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace M3uStrm.Server.Features.Library;

public sealed record LibraryCounts(int Movies, int Series, int Episodes, int Files, int PendingRemoval);

public sealed record LibraryRunResponse(
    DateTime StartedAt, DateTime FinishedAt, bool Succeeded, int Added, int Changed, int Removed, int Unchanged, int PendingRemoval, string? Message);

public sealed record LibraryStatusResponse(
    string Root, bool BaseUrlConfigured, LibraryCounts Counts, LibraryRunResponse? LastRun, IReadOnlyList<string> Problems);

/// <summary>
/// <c>/api/admin/library</c>: start a build (or a dry run that only reports; <c>verify=true</c> compares every file on
/// disk instead of trusting the state table), and the library's status.
/// </summary>
internal static class LibraryEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapPost("/build", Build);
        admin.MapGet("/status", Status);
    }

    internal static async Task<Results<Accepted<JobRunAccepted>, Ok<LibraryReport>, ProblemHttpResult>> Build(
        AppDbContext db, LibraryBuilder builder, ISchedulerFactory factory, IAuditTrail audit, TimeProvider time, HttpContext http,
        bool dry_run = false, bool verify = false, CancellationToken cancellationToken = default)
    {
        if (dry_run)
        {
            try
            {
                return TypedResults.Ok(await builder.BuildAsync(dryRun: true, null, cancellationToken, verify));
            }
            catch (LibraryException ex)
            {
                return ApiProblems.Conflict(ex.Message);
            }
        }

        var scheduler = await factory.GetScheduler(cancellationToken);
        var data = new JobDataMap();
        if (verify)
        {
            data[LibraryBuildJob.VerifyKey] = "true";
        }

        var run = await JobQueue.QueueAsync(db, scheduler, time, new JobKey(LibraryBuildJob.Key), $"manual:{http.User.Identity?.Name}", cancellationToken,
            data, r => audit.Add("library.build", "job_run", r.Id.ToString(), verify ? $"run {r.Id}, verify" : $"run {r.Id}"));
        return TypedResults.Accepted($"/api/admin/jobs/runs/{run.Id}", new JobRunAccepted(run.Id, run.JobKey, run.Status));
    }

    internal static async Task<Ok<LibraryStatusResponse>> Status(AppDbContext db, LibraryBuilder builder, CancellationToken cancellationToken)
    {
        var kinds = await db.Set<LibraryFile>().AsNoTracking().GroupBy(f => f.Kind)
            .Select(g => new { Kind = g.Key, Count = g.Count(), Pending = g.Count(f => f.MissingRuns > 0) }).ToListAsync(cancellationToken);
        int Count(string kind) => kinds.Where(k => k.Kind == kind).Sum(k => k.Count - k.Pending);
        var counts = new LibraryCounts(Count(LibraryFileKinds.Movie), Count(LibraryFileKinds.Show), Count(LibraryFileKinds.Episode),
            kinds.Sum(k => k.Count), kinds.Sum(k => k.Pending));
        var last = await db.Set<LibraryRun>().AsNoTracking().OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var problems = new List<string>();
        if (builder.BaseUrl is null)
        {
            problems.Add("Library:BaseUrl (or PublicUrl) is not set: builds fail until it is.");
        }

        if (last is not null)
        {
            if (!last.Succeeded && last.Message is not null)
            {
                problems.Add(last.Message);
            }

            problems.AddRange(JsonSerializer.Deserialize<List<string>>(last.Problems) ?? []);
        }

        var lastRun = last is null ? null : new LibraryRunResponse(last.StartedAt, last.FinishedAt, last.Succeeded, last.Added, last.Changed, last.Removed,
            last.Unchanged, last.PendingRemoval, last.Message);
        return TypedResults.Ok(new LibraryStatusResponse(builder.Root, builder.BaseUrl is not null, counts, lastRun, problems));
    }
}
