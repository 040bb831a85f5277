namespace M3uStrm.Server.Tests.Alerts;

public sealed class SyncFailureAlertTests(AlertsServerFactory server) : IClassFixture<AlertsServerFactory>, IAsyncLifetime
{
    private const string Rule = "provider_sync_failures";
    private FakeProvider fake = null!;
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeProvider.StartAsync();
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await fake.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task Three_failed_syncs_in_a_row_notify_once_per_incident_in_app_and_to_each_webhook_kind_and_resolve_after_a_good_sync()
    {
        var admin = await server.SignedInAsync();
        fake.SetPlaylist("flaky", "#EXTM3U\n#EXTINF:-1 tvg-id=\"one.test\",One\nhttp://127.0.0.1:9/one.ts\n#EXTINF:-1 tvg-id=\"two.test\",Two\nhttp://127.0.0.1:9/two.ts\n");
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "flaky", kind = "m3u_url", url = fake.PlaylistUrl("flaky"), import_vod = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var providerId = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        var subject = $"provider:{providerId}";
        await AlertsApi.CreateWebhookAsync(admin, "ours", "generic", receiver.Url("generic/secret-generic-token"));
        await AlertsApi.CreateWebhookAsync(admin, "discord", "discord", receiver.Url("discord/api/webhooks/123/discord-token"));
        await AlertsApi.CreateWebhookAsync(admin, "slack", "slack", receiver.Url("slack/services/T1/B2/slack-token"));
        string[] paths = ["generic/secret-generic-token", "discord/api/webhooks/123/discord-token", "slack/services/T1/B2/slack-token"];

        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, providerId));
        fake.Mode = FakeMode.Unauthorized;
        Assert.Equal("failed", await ProviderSyncTests.SyncAsync(admin, providerId));
        Assert.Equal("failed", await ProviderSyncTests.SyncAsync(admin, providerId));
        await AlertsApi.EvaluateAsync(admin);
        Assert.Empty(await AlertsApi.NotificationsAsync(admin, Rule, subject));

        Assert.Equal("failed", await ProviderSyncTests.SyncAsync(admin, providerId));
        var first = await AlertsApi.EvaluateAsync(admin);
        Assert.Contains("1 opened", first, StringComparison.Ordinal);
        Assert.Contains("3 webhook deliveries, 0 failed", first, StringComparison.Ordinal);
        await AlertsApi.EvaluateAsync(admin);
        Assert.Equal("failed", await ProviderSyncTests.SyncAsync(admin, providerId));
        await AlertsApi.EvaluateAsync(admin);

        var notifications = await AlertsApi.NotificationsAsync(admin, Rule, subject);
        var opened = Assert.Single(notifications);
        Assert.Equal("alert.opened", opened.GetProperty("event").GetString());
        Assert.Equal("critical", opened.GetProperty("severity").GetString());
        Assert.Equal("Provider flaky: 3 failed syncs in a row", opened.GetProperty("title").GetString());
        Assert.Null(opened.GetProperty("read_at").GetString());
        Assert.Equal(3, opened.GetProperty("deliveries").GetArrayLength());
        Assert.All(opened.GetProperty("deliveries").EnumerateArray(), d =>
        {
            Assert.Equal("delivered", d.GetProperty("status").GetString());
            Assert.Equal(1, d.GetProperty("attempts").GetInt32());
            Assert.Equal(204, d.GetProperty("last_status_code").GetInt32());
        });
        foreach (var path in paths)
        {
            Assert.Single(receiver.Received(path));
        }

        var generic = receiver.Received(paths[0])[0];
        Assert.Equal(["event", "notification_id", "rule", "subject", "severity", "title", "message", "created_at"], generic.EnumerateObject().Select(p => p.Name));
        Assert.Equal("alert.opened", generic.GetProperty("event").GetString());
        Assert.Equal(opened.GetProperty("id").GetInt64(), generic.GetProperty("notification_id").GetInt64());
        Assert.Equal(Rule, generic.GetProperty("rule").GetString());
        Assert.Equal(subject, generic.GetProperty("subject").GetString());
        Assert.Equal("Provider flaky: 3 failed syncs in a row", generic.GetProperty("title").GetString());
        var discord = receiver.Received(paths[1])[0];
        Assert.Equal(["content"], discord.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("[M3U-STRM] ALERT (critical): Provider flaky: 3 failed syncs in a row\n", discord.GetProperty("content").GetString(), StringComparison.Ordinal);
        var slack = receiver.Received(paths[2])[0];
        Assert.Equal(["text"], slack.EnumerateObject().Select(p => p.Name));
        Assert.Equal(discord.GetProperty("content").GetString(), slack.GetProperty("text").GetString());

        // One good sync clears the condition: one "resolved" notification, sent once, and nothing after.
        fake.Mode = FakeMode.Normal;
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, providerId));
        Assert.Contains("1 resolved", await AlertsApi.EvaluateAsync(admin), StringComparison.Ordinal);
        await AlertsApi.EvaluateAsync(admin);
        notifications = await AlertsApi.NotificationsAsync(admin, Rule, subject);
        Assert.Equal(["alert.resolved", "alert.opened"], notifications.Select(n => n.GetProperty("event").GetString()));
        Assert.Equal(opened.GetProperty("incident_id").GetInt64(), notifications[0].GetProperty("incident_id").GetInt64());
        foreach (var path in paths)
        {
            Assert.Equal(2, receiver.Received(path).Count);
        }

        Assert.Equal("alert.resolved", receiver.Received(paths[0])[1].GetProperty("event").GetString());
        Assert.StartsWith("[M3U-STRM] RESOLVED: ", receiver.Received(paths[1])[1].GetProperty("content").GetString(), StringComparison.Ordinal);

        // Failing again later is a new incident, notified again.
        fake.Mode = FakeMode.Html;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("failed", await ProviderSyncTests.SyncAsync(admin, providerId));
        }

        fake.Mode = FakeMode.Normal;
        Assert.Contains("1 opened", await AlertsApi.EvaluateAsync(admin), StringComparison.Ordinal);
        notifications = await AlertsApi.NotificationsAsync(admin, Rule, subject);
        Assert.Equal(3, notifications.Count);
        Assert.NotEqual(opened.GetProperty("incident_id").GetInt64(), notifications[0].GetProperty("incident_id").GetInt64());
    }

    [Fact]
    public async Task Raising_the_threshold_through_the_rules_api_changes_when_the_rule_fires()
    {
        var admin = await server.SignedInAsync();
        fake.SetPlaylist("patient", "#EXTM3U\n#EXTINF:-1 tvg-id=\"p.test\",P\nhttp://127.0.0.1:9/p.ts\n");
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "patient", kind = "m3u_url", url = fake.PlaylistUrl("patient"), import_vod = false });
        var providerId = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        await AlertsApi.SetRuleAsync(admin, Rule, new { parameters = new { consecutive_failures = 5 } });
        try
        {
            fake.Mode = FakeMode.Unauthorized;
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal("failed", await ProviderSyncTests.SyncAsync(admin, providerId));
            }

            await AlertsApi.EvaluateAsync(admin);
            Assert.Empty(await AlertsApi.NotificationsAsync(admin, Rule, $"provider:{providerId}"));
            Assert.Equal("failed", await ProviderSyncTests.SyncAsync(admin, providerId));
            await AlertsApi.EvaluateAsync(admin);
            Assert.Single(await AlertsApi.NotificationsAsync(admin, Rule, $"provider:{providerId}"));
        }
        finally
        {
            fake.Mode = FakeMode.Normal;
            await AlertsApi.SetRuleAsync(admin, Rule, new { parameters = new { consecutive_failures = 3 } });
        }
    }
}
