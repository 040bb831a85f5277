using M3uStrm.Server.Data;
using M3uStrm.Server.Hosting.Jobs;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace M3uStrm.Server.Features.Epg;

/// <summary>Refreshes one source (<c>epg-refresh-{id}</c>).</summary>
[DisallowConcurrentExecution]
internal sealed class EpgRefreshJob(EpgRefresh refresh, JobRunRecorder recorder) : IJob
{
    public const string SourceIdKey = "source_id";

    public static JobKey KeyOf(long sourceId) => new($"epg-refresh-{sourceId}");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var sourceId = context.MergedJobDataMap.GetLong(SourceIdKey);
        var outcome = await refresh.RunAsync(sourceId, text => recorder.ReportAsync(context, text), cancellationToken);
        context.Result = new JobResult(outcome.Status == EpgRefreshStatus.Succeeded, outcome.Summary);
    }
}

/// <summary>The daily EPG refresh: triggers the refresh job of every enabled source (each runs on its own).</summary>
[DisallowConcurrentExecution]
internal sealed class EpgRefreshAllJob(AppDbContext db, EpgSchedules schedules) : IJob
{
    public const string Key = "epg-refresh";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var ids = await db.Set<EpgSource>().AsNoTracking().Where(s => s.Enabled && !s.Dismissed).OrderBy(s => s.Priority).ThenBy(s => s.Id)
            .Select(s => s.Id).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            await schedules.TriggerAsync(id, "schedule", cancellationToken);
        }

        context.Result = new JobResult(true, $"{ids.Count} source(s) queued for refresh");
    }
}
