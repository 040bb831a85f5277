using M3uStrm.Server.Data;
using M3uStrm.Server.Hosting.Jobs;
using Quartz;

namespace M3uStrm.Server.Features.Epg;

/// <summary>
/// One durable Quartz job per source (<c>epg-refresh-{id}</c>, never two runs of one source at once); the daily
/// <see cref="EpgRefreshAllJob"/> and the manual refresh route only trigger it.
/// </summary>
internal sealed class EpgSchedules(ISchedulerFactory factory, AppDbContext db, TimeProvider time)
{
    public async Task<JobRun> TriggerAsync(long sourceId, string triggeredBy, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var key = EpgRefreshJob.KeyOf(sourceId);
        var job = JobBuilder.Create().OfType<EpgRefreshJob>().WithIdentity(key)
            .WithDescription($"Refresh EPG source {sourceId}")
            .UsingJobData(EpgRefreshJob.SourceIdKey, sourceId)
            .StoreDurably().Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
        return await JobQueue.QueueAsync(db, scheduler, time, key, triggeredBy, cancellationToken);
    }

    public async Task RemoveAsync(long sourceId, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        await scheduler.DeleteJob(EpgRefreshJob.KeyOf(sourceId), cancellationToken);
    }
}
