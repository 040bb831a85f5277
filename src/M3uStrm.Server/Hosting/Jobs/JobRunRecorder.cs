using System.Collections.Concurrent;
using M3uStrm.Server.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace M3uStrm.Server.Hosting.Jobs;

/// <summary>
/// What a job reports as its result. A job that ran to its end but did not achieve its goal (a provider that
/// failed) says so here instead of throwing, so the scheduler does not treat it as a crash to retry.
/// </summary>
public sealed record JobResult(bool Succeeded, string Message);

/// <summary>Writes a <see cref="JobRun"/> row when any job starts and finishes (scheduled or manual).</summary>
internal sealed class JobRunRecorder(IServiceScopeFactory scopes, TimeProvider time, ILogger<JobRunRecorder> logger) : IJobListener
{
    public const string RunIdKey = "run_id";

    // Fire instance → run id between "to be executed" and "was executed" (the context carries no state of ours).
    private readonly ConcurrentDictionary<string, Guid> runs = new();

    public string Name => "job-run-recorder";

    /// <summary>The run a firing belongs to, so a job can report its progress.</summary>
    public Guid? RunOf(IJobExecutionContext context) => runs.TryGetValue(context.FireInstanceId, out var id) ? id : null;

    /// <summary>Stores a short progress text on the run (a separate write, visible at once to the jobs API).</summary>
    public async Task ReportAsync(IJobExecutionContext context, string progress)
    {
        if (RunOf(context) is not { } runId)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var text = progress.Length > 500 ? progress[..500] : progress;
        await db.JobRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Progress, text));
    }

    public async ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var runId = RunIdOf(context);
        runs[context.FireInstanceId] = runId;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var run = await db.JobRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            run = new JobRun { Id = runId, JobKey = context.JobDetail.Key.Name, TriggeredBy = "schedule", QueuedAt = now };
            db.JobRuns.Add(run);
        }

        run.Status = JobRunStatus.Running;
        run.StartedAt = now;
        run.Node = context.Scheduler.SchedulerInstanceId;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (!runs.TryRemove(context.FireInstanceId, out var runId))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var run = await db.JobRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            return;
        }

        run.FinishedAt = time.GetUtcNow().UtcDateTime;
        var result = context.Result as JobResult;
        run.Status = jobException is null && result?.Succeeded != false ? JobRunStatus.Succeeded : JobRunStatus.Failed;
        var message = jobException is not null ? (jobException.InnerException ?? jobException).Message : result?.Message ?? context.Result as string;
        run.Message = message is { Length: > 4000 } ? message[..4000] : message;
        await db.SaveChangesAsync(cancellationToken);
        if (jobException is not null)
        {
            logger.LogError(jobException, "Job {JobKey} run {RunId} failed", run.JobKey, run.Id);
        }
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    private static Guid RunIdOf(IJobExecutionContext context) =>
        Guid.TryParse(context.MergedJobDataMap.GetString(RunIdKey), out var id) ? id : Guid.NewGuid();
}
