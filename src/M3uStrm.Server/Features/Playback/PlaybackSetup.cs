using M3uStrm.Server.Hosting.Jobs;

namespace M3uStrm.Server.Features.Playback;

/// <summary>Registers the playback endpoint, viewing sessions and the player authentication they share with the outputs.</summary>
public static class PlaybackSetup
{
    public static WebApplicationBuilder AddPlayback(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlaybackOptions>().Bind(builder.Configuration.GetSection(PlaybackOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<PlayerAuth>();
        builder.Services.AddScoped<StreamCandidates>();
        builder.Services.AddSingleton<Upstream>();
        builder.Services.AddSingleton<ProviderConnections>();
        builder.Services.AddSingleton<PlaybackHealthReporter>();
        builder.Services.AddSingleton<PlaybackEventLog>();
        builder.Services.AddSingleton<LiveRelayHub>();
        builder.Services.AddSingleton<HlsProxy>();
        builder.Services.AddSingleton<SessionTracker>();
        builder.Services.AddHostedService<SessionFlusher>();
        builder.Services.AddHttpClient(Upstream.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 5,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
                MaxConnectionsPerServer = 1024,
            })
            // Upstream URLs carry provider credentials: no request logging.
            .RemoveAllLoggers();
        builder.AddScheduledJob<SessionSweeperJob>(SessionSweeperJob.Key, "Closes viewing sessions with no sign of life for two minutes.", "0 * * * * ?");
        return builder;
    }

    public static IEndpointRouteBuilder MapPlayback(this IEndpointRouteBuilder app)
    {
        PlaybackEndpoints.Map(app);
        HistoryEndpoints.Map(app);
        return app;
    }
}
