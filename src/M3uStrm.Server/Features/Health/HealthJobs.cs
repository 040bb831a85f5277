using M3uStrm.Server.Hosting.Jobs;
using Quartz;

namespace M3uStrm.Server.Features.Health;

/// <summary>Checks the streams (all, or the scope given in the job data by the on-demand API).</summary>
[DisallowConcurrentExecution]
internal sealed class HealthCheckJob(HealthCheck check, JobRunRecorder recorder) : IJob
{
    public const string Key = "health-check";
    public const string ProviderIdKey = "provider_id";
    public const string ChannelIdKey = "channel_id";
    public const string StreamIdKey = "stream_id";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        long? Get(string key) => data.ContainsKey(key) && long.TryParse(data.GetString(key), out var v) ? v : null;
        var summary = await check.RunAsync(new HealthScope(Get(ProviderIdKey), Get(ChannelIdKey), Get(StreamIdKey)), text => recorder.ReportAsync(context, text), cancellationToken);
        context.Result = new JobResult(true, summary);
    }
}

/// <summary>Samples the quality of every active stream (hourly).</summary>
[DisallowConcurrentExecution]
internal sealed class QualitySamplingJob(QualitySampling sampling, JobRunRecorder recorder) : IJob
{
    public const string Key = "quality-sampling";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var (sampled, failed, skipped, rescored) = await sampling.RunAsync(text => recorder.ReportAsync(context, text), cancellationToken);
        context.Result = new JobResult(true, $"sampled {sampled} streams, {failed} failed, {skipped} left for the next run; {rescored} changed quality score");
    }
}
