using M3uStrm.Server.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace M3uStrm.Server.Hosting.Jobs;

/// <summary>Deletes old audit rows and job-run history (<c>Retention:AuditDays</c>, <c>Retention:JobRunDays</c>).</summary>
[DisallowConcurrentExecution]
internal sealed class HousekeepingJob(AppDbContext db, TimeProvider time, IConfiguration configuration) : IJob
{
    public const string Key = "housekeeping";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var auditCutoff = now.AddDays(-configuration.GetValue("Retention:AuditDays", 365));
        var runCutoff = now.AddDays(-configuration.GetValue("Retention:JobRunDays", 30));
        var audits = await db.AuditLogs.Where(a => a.CreatedAt < auditCutoff).ExecuteDeleteAsync(cancellationToken);
        var runs = await db.JobRuns.Where(r => r.QueuedAt < runCutoff && r.Status != JobRunStatus.Running).ExecuteDeleteAsync(cancellationToken);
        context.Result = $"deleted {audits} audit rows and {runs} job runs";
    }
}
