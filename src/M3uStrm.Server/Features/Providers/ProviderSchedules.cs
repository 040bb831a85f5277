using M3uStrm.Server.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace M3uStrm.Server.Features.Providers;

/// <summary>Keeps one durable Quartz job per provider and its cron trigger in step with the provider's settings.</summary>
internal sealed class ProviderSchedules(ISchedulerFactory factory, TimeProvider time)
{
    public async Task EnsureAsync(Provider provider, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var key = ProviderSyncJob.KeyOf(provider.Id);
        var job = JobBuilder.Create().OfType<ProviderSyncJob>().WithIdentity(key)
            .WithDescription($"Sync provider '{provider.Name}'")
            .UsingJobData(ProviderSyncJob.ProviderIdKey, provider.Id)
            .StoreDurably().Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);

        var triggerKey = new TriggerKey(key.Name + ".schedule");
        await scheduler.UnscheduleJob(triggerKey, cancellationToken);
        if (provider.Enabled)
        {
            var trigger = TriggerBuilder.Create(time).WithIdentity(triggerKey).ForJob(key)
                .WithCronSchedule(provider.SyncCron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
                .Build();
            await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, cancellationToken);
        }
    }

    public async Task RemoveAsync(long providerId, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        await scheduler.DeleteJob(ProviderSyncJob.KeyOf(providerId), cancellationToken);
    }

    public static async Task EnsureAllAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var schedules = scope.ServiceProvider.GetRequiredService<ProviderSchedules>();
        foreach (var provider in await db.Set<Provider>().AsNoTracking().ToListAsync(cancellationToken))
        {
            await schedules.EnsureAsync(provider, cancellationToken);
        }
    }
}
