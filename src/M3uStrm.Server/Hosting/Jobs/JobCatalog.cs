using Quartz;

namespace M3uStrm.Server.Hosting.Jobs;

/// <summary>A job a feature contributes: its key, what it does, and its default schedule (overridable by <c>Jobs:&lt;key&gt;:Cron</c>).</summary>
public sealed record JobDefinition(string Key, string Description, Type JobType, string DefaultCron);

/// <summary>The jobs known to this server, filled by each feature's <c>AddX</c>.</summary>
public sealed class JobCatalog
{
    private readonly List<JobDefinition> jobs = [];

    public IReadOnlyList<JobDefinition> Jobs => jobs;

    public JobDefinition? Find(string key) => jobs.Find(j => j.Key == key);

    internal void Add(JobDefinition definition)
    {
        if (Find(definition.Key) is not null)
        {
            throw new InvalidOperationException($"Job key '{definition.Key}' is registered twice.");
        }

        jobs.Add(definition);
    }
}

public static class JobCatalogExtensions
{
    /// <summary>Registers a Quartz job with a cron schedule; features call this from their <c>AddX</c>.</summary>
    public static WebApplicationBuilder AddScheduledJob<TJob>(this WebApplicationBuilder builder, string key, string description, string defaultCron)
        where TJob : IJob
    {
        JobsSetup.Catalog(builder.Services).Add(new JobDefinition(key, description, typeof(TJob), defaultCron));
        return builder;
    }
}
