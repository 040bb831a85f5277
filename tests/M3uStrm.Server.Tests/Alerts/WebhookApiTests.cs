using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Alerts;
using M3uStrm.Server.Hosting.Audit;
using M3uStrm.Server.Hosting.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests.Alerts;

public sealed class WebhookServerFactory : AlertsServerFactory
{
    public WebhookServerFactory() => With("Alerts:MaxDeliveryAttempts", "3");
}

public sealed class WebhookApiTests(WebhookServerFactory server) : IClassFixture<WebhookServerFactory>, IAsyncLifetime
{
    private WebhookReceiver receiver = null!;
    private readonly AlertSeed seed = new(server);

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task A_webhook_url_with_a_token_is_stored_encrypted_and_only_ever_answered_masked()
    {
        var admin = await server.SignedInAsync();
        const string token = "Zx9-discord-SECRET-token";
        var url = receiver.Url($"api/webhooks/123456/{token}?wait=true");
        var created = await admin.PostAsJsonAsync("/api/admin/webhooks", new { name = "masked", kind = "discord", url });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        var expected = $"http://127.0.0.1:{receiver.Address.Port}/***";
        Assert.Equal(expected, (await created.ReadJsonAsync()).GetProperty("url").GetString());

        var renamed = await admin.PutAsJsonAsync($"/api/admin/webhooks/{id}", new { name = "masked-renamed", send_resolved = false });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var list = await admin.GetStringAsync("/api/admin/webhooks");
        var one = await admin.GetStringAsync($"/api/admin/webhooks/{id}");
        Assert.DoesNotContain(token, list + one + await renamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var single = await (await admin.GetAsync($"/api/admin/webhooks/{id}")).ReadJsonAsync();
        Assert.Equal(expected, single.GetProperty("url").GetString());
        Assert.Equal("masked-renamed", single.GetProperty("name").GetString());
        Assert.False(single.GetProperty("send_resolved").GetBoolean());

        // The rename kept the real URL: the test message still reaches the secret path.
        var test = await (await admin.PostAsync($"/api/admin/webhooks/{id}/test", null)).ReadJsonAsync();
        Assert.True(test.GetProperty("ok").GetBoolean());
        var message = Assert.Single(receiver.Received($"api/webhooks/123456/{token}"));
        Assert.StartsWith("[M3U-STRM] TEST: Test message", message.GetProperty("content").GetString(), StringComparison.Ordinal);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Set<Webhook>().AsNoTracking().SingleAsync(w => w.Id == id);
        Assert.DoesNotContain(token, row.UrlProtected, StringComparison.Ordinal);
        Assert.DoesNotContain(token, row.UrlMasked, StringComparison.Ordinal);
        var audit = await db.Set<AuditLog>().AsNoTracking().Where(a => a.TargetType == "webhook").Select(a => a.Detail).ToListAsync();
        Assert.NotEmpty(audit);
        Assert.All(audit, detail => Assert.DoesNotContain(token, detail ?? "", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/webhooks/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_test_button_reports_the_receivers_status_or_the_error()
    {
        var admin = await server.SignedInAsync();
        var ok = await AlertsApi.CreateWebhookAsync(admin, "test-ok", "slack", receiver.Url("ok/T1/B2/secret"));
        var broken = await AlertsApi.CreateWebhookAsync(admin, "test-500", "generic", receiver.Url("broken/secret"));
        receiver.AnswerWith("broken/secret", 500);
        // A port nothing listens on: connection refused.
        var nowhere = await AlertsApi.CreateWebhookAsync(admin, "test-nowhere", "generic", "http://127.0.0.1:9/hooks/nowhere-secret");

        var answer = await (await admin.PostAsync($"/api/admin/webhooks/{ok}/test", null)).ReadJsonAsync();
        Assert.True(answer.GetProperty("ok").GetBoolean());
        Assert.Equal(204, answer.GetProperty("status_code").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.GetProperty("error").ValueKind);
        var slack = Assert.Single(receiver.Received("ok/T1/B2/secret"));
        Assert.Equal(["text"], slack.EnumerateObject().Select(p => p.Name));

        answer = await (await admin.PostAsync($"/api/admin/webhooks/{broken}/test", null)).ReadJsonAsync();
        Assert.False(answer.GetProperty("ok").GetBoolean());
        Assert.Equal(500, answer.GetProperty("status_code").GetInt32());
        Assert.Equal("HTTP 500 Internal Server Error", answer.GetProperty("error").GetString());
        var generic = Assert.Single(receiver.Received("broken/secret"));
        Assert.Equal("test", generic.GetProperty("event").GetString());

        answer = await (await admin.PostAsync($"/api/admin/webhooks/{nowhere}/test", null)).ReadJsonAsync();
        Assert.False(answer.GetProperty("ok").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.GetProperty("status_code").ValueKind);
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("error").GetString()));
        Assert.DoesNotContain("nowhere-secret", answer.GetProperty("error").GetString()!, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/admin/webhooks/999999/test", null)).StatusCode);
        foreach (var id in new[] { ok, broken, nowhere })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/webhooks/{id}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/webhooks/{ok}")).StatusCode);
    }

    [Fact]
    public async Task A_failed_delivery_is_recorded_on_the_notification_and_retried_on_later_evaluations_up_to_the_bound()
    {
        var admin = await server.SignedInAsync();
        var flaky = await AlertsApi.CreateWebhookAsync(admin, "retry-flaky", "generic", receiver.Url("flaky/secret"));
        var dead = await AlertsApi.CreateWebhookAsync(admin, "retry-dead", "generic", receiver.Url("dead/secret"));
        receiver.AnswerWith("flaky/secret", 503);
        receiver.AnswerWith("dead/secret", 500);
        var provider = await seed.ProviderAsync("retry-provider");
        await seed.SyncsAsync(provider, ("failed", 1, 1), ("failed", 1, 1), ("failed", 1, 1));

        Assert.Contains("0 webhook deliveries, 2 failed", await AlertsApi.EvaluateAsync(admin), StringComparison.Ordinal);
        var notification = Assert.Single(await AlertsApi.NotificationsAsync(admin, "provider_sync_failures", $"provider:{provider}"));
        var deliveries = notification.GetProperty("deliveries").EnumerateArray().ToDictionary(d => d.GetProperty("webhook_id").GetInt64());
        Assert.Equal("failed", deliveries[flaky].GetProperty("status").GetString());
        Assert.Equal(1, deliveries[flaky].GetProperty("attempts").GetInt32());
        Assert.Equal(503, deliveries[flaky].GetProperty("last_status_code").GetInt32());
        Assert.Equal("HTTP 503 Service Unavailable", deliveries[flaky].GetProperty("last_error").GetString());

        await AlertsApi.EvaluateAsync(admin);
        receiver.AnswerWith("flaky/secret", 200);
        await AlertsApi.EvaluateAsync(admin);
        await AlertsApi.EvaluateAsync(admin);
        await AlertsApi.EvaluateAsync(admin);

        notification = Assert.Single(await AlertsApi.NotificationsAsync(admin, "provider_sync_failures", $"provider:{provider}"));
        deliveries = notification.GetProperty("deliveries").EnumerateArray().ToDictionary(d => d.GetProperty("webhook_id").GetInt64());
        Assert.Equal("delivered", deliveries[flaky].GetProperty("status").GetString());
        Assert.Equal(3, deliveries[flaky].GetProperty("attempts").GetInt32());
        Assert.Equal(200, deliveries[flaky].GetProperty("last_status_code").GetInt32());
        Assert.Equal(3, receiver.Received("flaky/secret").Count);
        // Out of attempts (Alerts:MaxDeliveryAttempts = 3): recorded as failed, not retried forever.
        Assert.Equal("failed", deliveries[dead].GetProperty("status").GetString());
        Assert.Equal(3, deliveries[dead].GetProperty("attempts").GetInt32());
        Assert.Equal(3, receiver.Received("dead/secret").Count);
        Assert.All(receiver.Received("flaky/secret"), m => Assert.Equal(notification.GetProperty("id").GetInt64(), m.GetProperty("notification_id").GetInt64()));

        await admin.DeleteAsync($"/api/admin/webhooks/{flaky}");
        await admin.DeleteAsync($"/api/admin/webhooks/{dead}");
    }

    [Fact]
    public async Task A_webhook_that_is_down_is_tried_once_per_evaluation_not_once_per_waiting_message()
    {
        var admin = await server.SignedInAsync();
        var down = await AlertsApi.CreateWebhookAsync(admin, "down", "generic", receiver.Url("down/secret"));
        receiver.AnswerWith("down/secret", 502);
        for (var i = 0; i < 2; i++)
        {
            var provider = await seed.ProviderAsync($"down-{i}");
            await seed.SyncsAsync(provider, ("failed", 1, 1), ("failed", 1, 1), ("failed", 1, 1));
        }

        Assert.Contains("2 opened", await AlertsApi.EvaluateAsync(admin), StringComparison.Ordinal);
        Assert.Single(receiver.Received("down/secret"));
        receiver.AnswerWith("down/secret", 200);
        Assert.Contains("2 webhook deliveries, 0 failed", await AlertsApi.EvaluateAsync(admin), StringComparison.Ordinal);
        Assert.Equal(3, receiver.Received("down/secret").Count);
        Assert.Equal(2, receiver.Received("down/secret").Select(m => m.GetProperty("notification_id").GetInt64()).Distinct().Count());
        await admin.DeleteAsync($"/api/admin/webhooks/{down}");
    }

    [Fact]
    public async Task Notifications_are_paged_filtered_by_unread_and_marked_read_one_by_one_or_all_at_once()
    {
        var admin = await server.SignedInAsync();
        for (var i = 0; i < 3; i++)
        {
            var provider = await seed.ProviderAsync($"read-{i}");
            await seed.SyncsAsync(provider, ("failed", 1, 1), ("failed", 1, 1), ("failed", 1, 1));
        }

        await AlertsApi.EvaluateAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/admin/notifications/read-all", null)).StatusCode);
        var provider4 = await seed.ProviderAsync("read-3");
        await seed.SyncsAsync(provider4, ("failed", 1, 1), ("failed", 1, 1), ("failed", 1, 1));
        var provider5 = await seed.ProviderAsync("read-4");
        await seed.SyncsAsync(provider5, ("failed", 1, 1), ("failed", 1, 1), ("failed", 1, 1));
        await AlertsApi.EvaluateAsync(admin);

        var unread = await (await admin.GetAsync("/api/admin/notifications?unread=true&page=1&page_size=1")).ReadJsonAsync();
        Assert.Equal(2, unread.GetProperty("total").GetInt32());
        Assert.Equal(2, unread.GetProperty("unread").GetInt32());
        Assert.Equal(1, unread.GetProperty("items").GetArrayLength());
        var newest = unread.GetProperty("items")[0];
        Assert.Equal($"provider:{provider5}", newest.GetProperty("subject").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/notifications/{newest.GetProperty("id").GetInt64()}/read", null)).StatusCode);
        unread = await (await admin.GetAsync("/api/admin/notifications?unread=true")).ReadJsonAsync();
        Assert.Equal(1, unread.GetProperty("total").GetInt32());
        Assert.Equal($"provider:{provider4}", unread.GetProperty("items")[0].GetProperty("subject").GetString());
        var read = await (await admin.GetAsync("/api/admin/notifications?unread=false")).ReadJsonAsync();
        Assert.All(read.GetProperty("items").EnumerateArray(), n => Assert.NotEqual(System.Text.Json.JsonValueKind.Null, n.GetProperty("read_at").ValueKind));

        var all = await (await admin.PostAsync("/api/admin/notifications/read-all", null)).ReadJsonAsync();
        Assert.Equal(1, all.GetProperty("marked").GetInt32());
        Assert.Equal(0, (await (await admin.GetAsync("/api/admin/notifications")).ReadJsonAsync()).GetProperty("unread").GetInt32());

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/admin/notifications/999999/read", null)).StatusCode);
        foreach (var (query, field) in new[] { ("page=0", "page"), ("page_size=0", "page_size"), ("page_size=201", "page_size") })
        {
            var bad = await admin.GetAsync($"/api/admin/notifications?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }

    [Fact]
    public async Task Rules_are_listed_with_their_defaults_and_bad_updates_are_400_naming_the_field()
    {
        var admin = await server.SignedInAsync();
        var rules = await (await admin.GetAsync("/api/admin/alerts/rules")).ReadJsonAsync();
        Assert.Equal(["provider_sync_failures", "provider_sync_anomaly", "dead_stream_share", "channel_quality_drop"],
            rules.EnumerateArray().Select(r => r.GetProperty("kind").GetString()));
        var failures = rules[0];
        Assert.True(failures.GetProperty("enabled").GetBoolean());
        Assert.Equal(3, failures.GetProperty("parameters").GetProperty("consecutive_failures").GetDouble());
        Assert.Equal(20, rules[2].GetProperty("parameters").GetProperty("max_dead_percent").GetDouble());
        Assert.Equal(3, rules[1].GetProperty("parameters").GetProperty("factor").GetDouble());
        Assert.Equal(1, rules[3].GetProperty("parameters").GetProperty("min_tier_drop").GetDouble());
        var failuresId = failures.GetProperty("id").GetInt64();
        var anomalyId = rules[1].GetProperty("id").GetInt64();

        foreach (var (id, body, field) in new (long, object, string)[]
        {
            (failuresId, new { parameters = new { consecutive_failures = 0 } }, "parameters.consecutive_failures"),
            (failuresId, new { parameters = new { consecutive_failures = 101 } }, "parameters.consecutive_failures"),
            (failuresId, new { parameters = new { consecutive_failures = 2.5 } }, "parameters.consecutive_failures"),
            (failuresId, new { parameters = new { consecutive_failures = "3" } }, "parameters.consecutive_failures"),
            (failuresId, new { parameters = new { bogus = 1 } }, "parameters.bogus"),
            (failuresId, new { parameters = 5 }, "parameters"),
            (anomalyId, new { parameters = new { factor = 1 } }, "parameters.factor"),
            (anomalyId, new { parameters = new { min_baseline_syncs = 20 } }, "parameters.min_baseline_syncs"),
        })
        {
            var response = await admin.PutAsJsonAsync($"/api/admin/alerts/rules/{id}", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.ReadJsonAsync()).GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out _), $"{field}: {errors}");
        }

        // Nothing was changed by the rejected updates; a partial update keeps the other values.
        var ok = await admin.PutAsJsonAsync($"/api/admin/alerts/rules/{anomalyId}", new { enabled = false, parameters = new { factor = 4.5 } });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var updated = await (await admin.GetAsync($"/api/admin/alerts/rules/{anomalyId}")).ReadJsonAsync();
        Assert.False(updated.GetProperty("enabled").GetBoolean());
        Assert.Equal(4.5, updated.GetProperty("parameters").GetProperty("factor").GetDouble());
        Assert.Equal(10, updated.GetProperty("parameters").GetProperty("baseline_syncs").GetDouble());
        Assert.Equal(3, (await AlertsApi.RuleAsync(admin, "provider_sync_failures")).GetProperty("parameters").GetProperty("consecutive_failures").GetDouble());
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/alerts/rules/{anomalyId}", new { enabled = true, parameters = new { factor = 3 } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/admin/alerts/rules/999", new { enabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/alerts/rules/999")).StatusCode);

        // design.md §8: evaluated every 5 minutes unless Jobs:alert-evaluation:Cron says otherwise (as it does in these tests).
        Assert.Equal("0 0/5 * * * ?", server.Services.GetRequiredService<JobCatalog>().Find("alert-evaluation")?.DefaultCron);
    }

    [Fact]
    public async Task Bad_webhooks_are_400_naming_the_field()
    {
        var admin = await server.SignedInAsync();
        await AlertsApi.CreateWebhookAsync(admin, "taken", "generic", receiver.Url("taken"));
        foreach (var (body, field) in new (object, string)[]
        {
            (new { name = "x", kind = "generic" }, "url"),
            (new { name = "x", kind = "generic", url = "ftp://example.com/hook" }, "url"),
            (new { name = "x", kind = "generic", url = "/relative/hook" }, "url"),
            (new { name = "x", kind = "teams", url = "https://example.com/hook" }, "kind"),
            (new { name = "", kind = "slack", url = "https://example.com/hook" }, "name"),
            (new { name = "taken", kind = "slack", url = "https://example.com/hook" }, "name"),
        })
        {
            var response = await admin.PostAsJsonAsync("/api/admin/webhooks", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        var list = await (await admin.GetAsync("/api/admin/webhooks")).ReadJsonAsync();
        var id = list.EnumerateArray().Single(w => w.GetProperty("name").GetString() == "taken").GetProperty("id").GetInt64();
        var put = await admin.PutAsJsonAsync($"/api/admin/webhooks/{id}", new { kind = "teams" });
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/admin/webhooks/999999", new { name = "y" })).StatusCode);
        await admin.DeleteAsync($"/api/admin/webhooks/{id}");
    }
}
