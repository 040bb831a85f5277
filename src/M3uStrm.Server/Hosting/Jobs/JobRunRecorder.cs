using System.Collections.Concurrent;
using M3uStrm.Server.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace M3uStrm.Server.Hosting.Jobs;

/// <summary>Writes a <see cref="JobRun"/> row when any job starts and finishes (scheduled or manual).</summary>
internal sealed class JobRunRecorder(IServiceScopeFactory scopes, TimeProvider time, ILogger<JobRunRecorder> logger) : IJobListener
{
    public const string RunIdKey = "run_id";

    // Fire instance → run id between "to be executed" and "was executed" (the context carries no state of ours).
    private readonly ConcurrentDictionary<string, Guid> runs = new();

    public string Name => "job-run-recorder";

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
        run.Status = jobException is null ? JobRunStatus.Succeeded : JobRunStatus.Failed;
        var message = jobException is null ? context.Result as string : (jobException.InnerException ?? jobException).Message;
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
