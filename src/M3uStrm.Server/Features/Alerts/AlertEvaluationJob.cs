using M3uStrm.Server.Hosting.Jobs;
using Quartz;

namespace M3uStrm.Server.Features.Alerts;

/// <summary>Evaluates the alert rules and delivers pending notifications (every 5 minutes, design.md §8).</summary>
[DisallowConcurrentExecution]
internal sealed class AlertEvaluationJob(AlertEvaluator evaluator) : IJob
{
    public const string Key = "alert-evaluation";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var s = await evaluator.RunAsync(cancellationToken);
        var failedRules = s.FailedRules > 0 ? $" ({s.FailedRules} could not be evaluated, see the log)" : "";
        context.Result = new JobResult(s.FailedRules == 0,
            $"{s.Rules} rules evaluated{failedRules}: {s.Opened} opened, {s.Resolved} resolved, {s.StillOpen} open; {s.Delivered} webhook deliveries, {s.DeliveryFailures} failed");
    }
}
