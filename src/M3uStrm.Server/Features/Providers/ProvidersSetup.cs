using M3uStrm.Formats.Xtream;
using M3uStrm.Server.Features.Channels;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace M3uStrm.Server.Features.Providers;

public static class ProvidersSetup
{
    public static WebApplicationBuilder AddProviders(this WebApplicationBuilder builder)
    {
        var timeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("Providers:TimeoutSeconds", 60));
        var retries = builder.Configuration.GetValue("Providers:Retries", 2);
        builder.Services.AddSingleton<ProviderSecrets>();
        builder.Services.AddScoped<ProviderFetcher>();
        builder.Services.AddScoped<ProviderSync>();
        builder.Services.AddScoped<ProviderTraces>();
        builder.Services.AddScoped<ProviderService>();
        builder.Services.AddScoped<ProviderSchedules>();
        builder.Services.AddScoped<ChannelMerge>();
        builder.Services.AddXtreamClient(o =>
        {
            o.AttemptTimeout = timeout;
            o.MaxRetries = retries;
        });
        builder.Services.AddHttpClient(ProviderFetcher.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            // Playlist URLs often carry credentials: the default request logging would print them.
            .RemoveAllLoggers()
            .AddResilienceHandler("providers", pipeline =>
            {
                if (retries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = retries, BackoffType = DelayBackoffType.Exponential, UseJitter = true });
                }

                pipeline.AddTimeout(timeout);
            });
        return builder;
    }

    public static async Task ScheduleProviderSyncsAsync(this WebApplication app) =>
        await ProviderSchedules.EnsureAllAsync(app.Services, app.Lifetime.ApplicationStopping);
}
