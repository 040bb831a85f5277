using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace M3uStrm.Formats.Xtream;

public static class XtreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="XtreamClient"/> as a typed HttpClient: gzip/brotli/deflate decompression,
    /// a per-attempt timeout and exponential-backoff retries on transient failures (5xx, 408, 429,
    /// connection errors, timeouts). 4xx answers, including 401/403 auth failures, are never retried.
    /// </summary>
    public static IHttpClientBuilder AddXtreamClient(this IServiceCollection services, Action<XtreamClientOptions>? configure = null)
    {
        var optionsBuilder = services.AddOptions<XtreamClientOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        var builder = services.AddHttpClient<XtreamClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            // Request URLs carry the account's username and password: keep them out of the logs.
            .RemoveAllLoggers();

        builder.AddResilienceHandler("xtream", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<XtreamClientOptions>>().CurrentValue;
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                });
            }
            pipeline.AddTimeout(options.AttemptTimeout);
        });

        return builder;
    }
}
