using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Providers;
using M3uStrm.Server.Hosting.Jobs;
using Quartz;

namespace M3uStrm.Server.Features.Library;

/// <summary>Writes the STRM/NFO library (<c>library-build</c>): after each successful sync, on demand, and daily.</summary>
[DisallowConcurrentExecution]
internal sealed class LibraryBuildJob(LibraryBuilder builder, JobRunRecorder recorder, ILogger<LibraryBuildJob> logger) : IJob
{
    public const string Key = "library-build";

    /// <summary>Job data: "true" renders every file and compares it with the disk (<c>POST /api/admin/library/build?verify=true</c>).</summary>
    public const string VerifyKey = "verify";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var data = context.MergedJobDataMap;
            var verify = data.ContainsKey(VerifyKey) && data.GetString(VerifyKey) == "true";
            var report = await builder.BuildAsync(dryRun: false, text => recorder.ReportAsync(context, text), cancellationToken, verify);
            context.Result = new JobResult(true, report.Summary);
        }
        catch (LibraryException ex)
        {
            logger.LogError("Library build failed: {Reason}", ex.Message);
            await builder.RecordFailureAsync(ex.Message, cancellationToken);
            context.Result = new JobResult(false, ex.Message);
        }
    }
}

/// <summary>Queues a library build after every successful provider sync.</summary>
internal sealed class LibraryAfterSync(AppDbContext db, ISchedulerFactory factory, TimeProvider time) : IProviderSyncObserver
{
    public async Task SyncSucceededAsync(long providerId, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        await JobQueue.QueueAsync(db, scheduler, time, new JobKey(LibraryBuildJob.Key), $"sync:{providerId}", cancellationToken);
    }
}
