using M3uStrm.Server.Hosting.Jobs;

namespace M3uStrm.Server.Features.Alerts;

public static class AlertsSetup
{
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertsOptions>().BindConfiguration(AlertsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var settings = builder.Configuration.GetSection(AlertsOptions.Section).Get<AlertsOptions>() ?? new AlertsOptions();
        var timeout = TimeSpan.FromSeconds(settings.WebhookTimeoutSeconds);
        builder.Services.AddScoped<AlertConditions>();
        builder.Services.AddScoped<AlertEvaluator>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = timeout)
            // Webhook URLs carry tokens (Discord, Slack): the default request logging would print them.
            .RemoveAllLoggers()
            // A redirect would send the message, and with it the secret path, to another host: report it instead.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        builder.AddScheduledJob<AlertEvaluationJob>(AlertEvaluationJob.Key, "Evaluates the alert rules and delivers notifications to the webhooks.", "0 0/5 * * * ?");
        return builder;
    }
}
