using M3uStrm.Server.Hosting.Jobs;
using Quartz;

namespace M3uStrm.Server.Features.Providers;

/// <summary>Syncs one provider; one Quartz job per provider (<c>provider-sync-{id}</c>), never two at once.</summary>
[DisallowConcurrentExecution]
internal sealed class ProviderSyncJob(ProviderSync sync, JobRunRecorder recorder, IEnumerable<IProviderSyncObserver> observers, ILogger<ProviderSyncJob> logger) : IJob
{
    public const string ProviderIdKey = "provider_id";

    public static JobKey KeyOf(long providerId) => new($"provider-sync-{providerId}");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var providerId = context.MergedJobDataMap.GetLong(ProviderIdKey);
        var outcome = await sync.RunAsync(providerId, text => recorder.ReportAsync(context, text), cancellationToken);
        context.Result = new JobResult(outcome.Status == "succeeded", outcome.Summary);
        if (outcome.Status != "succeeded")
        {
            return;
        }

        foreach (var observer in observers)
        {
            try
            {
                await observer.SyncSucceededAsync(providerId, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "After the sync of provider {ProviderId}: {Observer} failed", providerId, observer.GetType().Name);
            }
        }
    }
}
