using M3uStrm.Server.Features.Auth;
using M3uStrm.Server.Hosting.Jobs;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace M3uStrm.Server.Features.Epg;

public static class EpgSetup
{
    public static WebApplicationBuilder AddEpg(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EpgOptions>().BindConfiguration(EpgOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var settings = builder.Configuration.GetSection(EpgOptions.Section).Get<EpgOptions>() ?? new EpgOptions();
        builder.Services.AddSingleton<EpgSecrets>();
        builder.Services.AddScoped<EpgSchedules>();
        builder.Services.AddScoped<EpgRefresh>();
        builder.Services.AddScoped<EpgMapper>();
        builder.Services.AddScoped<EpgGuideWriter>();
        builder.Services.AddScoped<IEpgSourceRegistry, EpgSourceRegistry>();
        builder.Services.AddHttpClient(EpgRefresh.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All })
            // Guide URLs carry provider credentials (xmltv.php?username=…&password=…): no request logging.
            .RemoveAllLoggers()
            .AddResilienceHandler("epg", pipeline =>
            {
                if (settings.Retries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = settings.Retries, BackoffType = DelayBackoffType.Exponential, UseJitter = true });
                }

                pipeline.AddTimeout(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            });
        builder.AddScheduledJob<EpgRefreshAllJob>(EpgRefreshAllJob.Key, "Refreshes every enabled EPG source.", "0 0 5 * * ?");
        return builder;
    }

    public static IEndpointRouteBuilder MapEpg(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/epg").WithTags("EPG").RequireAuthorization(AuthSetup.AdminPolicy);
        EpgSourcesEndpoints.Map(admin);
        EpgMappingEndpoints.Map(admin);
        EpgGuideEndpoints.Map(app);
        return app;
    }
}
