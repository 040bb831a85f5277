using M3uStrm.Server.Data;
using Quartz;

namespace M3uStrm.Server.Hosting.Jobs;

/// <summary>Starts a job run that the jobs API can follow: a queued <see cref="JobRun"/> row, then the trigger.</summary>
public static class JobQueue
{
    /// <summary>
    /// Saves a queued run (with whatever <paramref name="beforeSave"/> adds to the same unit of work, e.g. an audit
    /// row naming the run) and triggers <paramref name="key"/> with the run id and <paramref name="data"/>.
    /// </summary>
    public static async Task<JobRun> QueueAsync(
        AppDbContext db, IScheduler scheduler, TimeProvider time, JobKey key, string triggeredBy,
        CancellationToken cancellationToken, JobDataMap? data = null, Action<JobRun>? beforeSave = null)
    {
        var run = new JobRun
        {
            Id = Guid.NewGuid(),
            JobKey = key.Name,
            Status = JobRunStatus.Queued,
            TriggeredBy = triggeredBy,
            QueuedAt = time.GetUtcNow().UtcDateTime,
        };
        db.JobRuns.Add(run);
        beforeSave?.Invoke(run);
        await db.SaveChangesAsync(cancellationToken);

        data ??= [];
        data[JobRunRecorder.RunIdKey] = run.Id.ToString();
        await scheduler.TriggerJob(key, data, cancellationToken);
        return run;
    }
}
