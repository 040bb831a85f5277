using System.Text.Json;
using M3uStrm.Server.Tests.Health;

namespace M3uStrm.Server.Tests.Alerts;

/// <summary>A server whose scheduled alert evaluation never fires during a test: the tests trigger it themselves.</summary>
public class AlertsServerFactory : ServerFactory
{
    public AlertsServerFactory()
    {
        With("Providers:TimeoutSeconds", "2");
        With("Providers:Retries", "0");
        With("Alerts:WebhookTimeoutSeconds", "3");
        With("Jobs:alert-evaluation:Cron", "0 0 0 1 1 ? 2099");
        With("Jobs:health-check:Cron", "0 0 0 1 1 ? 2099");
        With("Jobs:quality-sampling:Cron", "0 0 0 1 1 ? 2099");
    }
}

internal static class AlertsApi
{
    /// <summary>Runs the alert evaluation job through the API and waits for it; returns its summary message.</summary>
    public static async Task<string> EvaluateAsync(HttpClient admin)
    {
        var run = await HealthTests.WaitForRunAsync(admin, await admin.PostAsync("/api/admin/jobs/alert-evaluation/run", null));
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        return run.GetProperty("message").GetString()!;
    }

    /// <summary>Every notification (newest first) about one rule and subject.</summary>
    public static async Task<List<JsonElement>> NotificationsAsync(HttpClient admin, string rule, string subject)
    {
        var page = await (await admin.GetAsync("/api/admin/notifications?page_size=200")).ReadJsonAsync();
        return [.. page.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("rule").GetString() == rule && n.GetProperty("subject").GetString() == subject)];
    }

    public static async Task<JsonElement> RuleAsync(HttpClient admin, string kind)
    {
        var rules = await (await admin.GetAsync("/api/admin/alerts/rules")).ReadJsonAsync();
        return rules.EnumerateArray().Single(r => r.GetProperty("kind").GetString() == kind);
    }

    public static async Task SetRuleAsync(HttpClient admin, string kind, object body)
    {
        var id = (await RuleAsync(admin, kind)).GetProperty("id").GetInt64();
        var response = await admin.PutAsJsonAsync($"/api/admin/alerts/rules/{id}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task<long> CreateWebhookAsync(HttpClient admin, string name, string kind, string url, bool sendResolved = true)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/webhooks", new { name, kind, url, send_resolved = sendResolved });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
    }
}
