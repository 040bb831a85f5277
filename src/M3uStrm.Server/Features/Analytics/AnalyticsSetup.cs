using M3uStrm.Server.Hosting.Jobs;

namespace M3uStrm.Server.Features.Analytics;

public static class AnalyticsSetup
{
    public static WebApplicationBuilder AddAnalytics(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnalyticsOptions>().Bind(builder.Configuration.GetSection(AnalyticsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHybridCache();
        builder.Services.AddScoped<EngagementReport>();
        builder.Services.AddScoped<PopularChannels>();
        builder.Services.AddScoped<ViewingStats>();
        builder.Services.AddScoped<ProgrammeReport>();
        builder.Services.AddScoped<ProviderCapacityReport>();
        builder.Services.AddScoped<LiveSnapshotQuery>();
        builder.Services.AddScoped<HistoryImport>();
        builder.Services.AddScoped<SessionRollups>();
        builder.Services.AddSingleton<LiveSnapshotBroadcaster>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveSnapshotBroadcaster>());
        builder.AddScheduledJob<AnalyticsRetentionJob>(AnalyticsRetentionJob.Key, "Rolls viewing sessions older than the retention into daily totals and deletes them.", "0 15 4 * * ?");
        return builder;
    }

    public static WebApplication MapAnalytics(this WebApplication app)
    {
        // Runs before the endpoints (minimal hosting adds the endpoint middleware last).
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        AnalyticsEndpoints.Map(app);
        LiveEndpoint.Map(app);
        UserDataEndpoints.Map(app);
        return app;
    }
}
