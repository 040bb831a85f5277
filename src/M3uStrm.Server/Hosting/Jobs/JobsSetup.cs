using M3uStrm.Server.Data;
using Quartz;

namespace M3uStrm.Server.Hosting.Jobs;

/// <summary>
/// Quartz with its ADO job store in the application database (tables created by the migrations),
/// clustered on PostgreSQL so several servers never run the same job twice.
/// </summary>
public static class JobsSetup
{
    internal static JobCatalog Catalog(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(JobCatalog))?.ImplementationInstance is JobCatalog existing)
        {
            return existing;
        }

        var catalog = new JobCatalog();
        services.AddSingleton(catalog);
        return catalog;
    }

    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        Catalog(builder.Services);
        builder.Services.AddSingleton<JobRunRecorder>();
        var postgres = string.Equals(builder.Configuration["Database:Provider"], "postgres", StringComparison.OrdinalIgnoreCase);

        builder.Services.AddQuartz(q =>
        {
            q.UseDefaultThreadPool(builder.Configuration.GetValue("Jobs:MaxConcurrency", 4));
            q.UsePersistentStore(store =>
            {
                var connectionString = ConnectionStringOf(builder.Services);
                if (postgres)
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(15));
                }
                else
                {
                    store.UseSqlite(connectionString);
                }

                // The migrations own the schema (QuartzSchema); Quartz only checks that it is there.
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = QuartzSchema.TablePrefix;
                    o.SchemaProvisioning = SchemaProvisioning.Validate;
                });
            });
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }

    private static string ConnectionStringOf(IServiceCollection services) =>
        ((DatabaseConnection)services.First(d => d.ServiceType == typeof(DatabaseConnection)).ImplementationInstance!).ConnectionString;

    /// <summary>Stores every catalogued job and (re)schedules its cron trigger; runs once at start-up after migrations.</summary>
    public static async Task ScheduleJobsAsync(this WebApplication app)
    {
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        scheduler.ListenerManager.AddJobListener(app.Services.GetRequiredService<JobRunRecorder>(), GroupMatcher<JobKey>.AnyGroup());
        var catalog = app.Services.GetRequiredService<JobCatalog>();
        foreach (var job in catalog.Jobs)
        {
            var cron = app.Configuration[$"Jobs:{job.Key}:Cron"] ?? job.DefaultCron;
            if (!CronExpression.TryParse(cron, out _))
            {
                throw new InvalidOperationException($"Jobs:{job.Key}:Cron is not a valid cron expression: '{cron}'.");
            }

            await ScheduleAsync(scheduler, job, cron, app.Services.GetRequiredService<TimeProvider>());
        }
    }

    /// <summary>Stores the job and points its cron trigger at <paramref name="cron"/> (unchanged triggers are left alone).</summary>
    internal static async Task ScheduleAsync(IScheduler scheduler, JobDefinition job, string cron, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var detail = JobBuilder.Create().OfType(job.JobType).WithIdentity(job.Key).WithDescription(job.Description).StoreDurably().Build();
        await scheduler.AddJob(detail, AddJobOptions.Replacing, cancellationToken);

        var triggerKey = new TriggerKey(job.Key + ".schedule");
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(triggerKey)
            .ForJob(detail.Key)
            .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .Build();
        if (await scheduler.GetTrigger(triggerKey, cancellationToken) is ICronTrigger existing)
        {
            if (existing.CronExpressionString != cron)
            {
                await scheduler.RescheduleJob(triggerKey, trigger, cancellationToken);
            }
        }
        else
        {
            await scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
        }
    }
}
