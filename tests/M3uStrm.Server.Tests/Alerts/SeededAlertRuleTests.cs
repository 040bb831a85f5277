namespace M3uStrm.Server.Tests.Alerts;

/// <summary>The dead-share, quality-drop and sync-anomaly rules over rows seeded as the jobs would write them.</summary>
public sealed class SeededAlertRuleTests(AlertsServerFactory server) : IClassFixture<AlertsServerFactory>
{
    private readonly AlertSeed seed = new(server);

    [Fact]
    public async Task Dead_share_above_the_threshold_of_checked_live_streams_opens_one_incident_and_a_higher_threshold_resolves_it()
    {
        var admin = await server.SignedInAsync();
        var provider = await seed.ProviderAsync("dead-share");
        var streams = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            streams.Add(await seed.StreamAsync(provider, $"checked-{i}", i < 2 ? "dead" : i == 9 ? "degraded" : "alive", isChecked: true));
        }

        // Not counted: never checked, removed, or at a disabled provider.
        for (var i = 0; i < 5; i++)
        {
            await seed.StreamAsync(provider, $"unchecked-{i}", "unknown", isChecked: false);
            await seed.StreamAsync(provider, $"removed-{i}", "dead", isChecked: true, removed: true);
        }

        var disabled = await seed.ProviderAsync("dead-share-disabled", enabled: false);
        for (var i = 0; i < 10; i++)
        {
            await seed.StreamAsync(disabled, $"off-{i}", "dead", isChecked: true);
        }

        // 2 of 10 = 20%: not above the default threshold of 20%.
        await AlertsApi.EvaluateAsync(admin);
        Assert.Empty(await AlertsApi.NotificationsAsync(admin, "dead_stream_share", "streams"));

        await seed.SetStatusAsync(streams[2], "dead");
        await AlertsApi.EvaluateAsync(admin);
        await AlertsApi.EvaluateAsync(admin);
        var opened = Assert.Single(await AlertsApi.NotificationsAsync(admin, "dead_stream_share", "streams"));
        Assert.Equal("30% of the checked streams are dead", opened.GetProperty("title").GetString());
        Assert.Equal("3 of 10 checked live streams are dead (threshold 20%).", opened.GetProperty("message").GetString());
        Assert.Equal("critical", opened.GetProperty("severity").GetString());

        // Still above after one more dies: the same incident, no new notification.
        await seed.SetStatusAsync(streams[3], "dead");
        await AlertsApi.EvaluateAsync(admin);
        Assert.Single(await AlertsApi.NotificationsAsync(admin, "dead_stream_share", "streams"));

        await AlertsApi.SetRuleAsync(admin, "dead_stream_share", new { parameters = new { max_dead_percent = 45 } });
        await AlertsApi.EvaluateAsync(admin);
        await AlertsApi.EvaluateAsync(admin);
        var notifications = await AlertsApi.NotificationsAsync(admin, "dead_stream_share", "streams");
        Assert.Equal(["alert.resolved", "alert.opened"], notifications.Select(n => n.GetProperty("event").GetString()));

        // Too few checked streams to judge: no incident even at 100% dead.
        await AlertsApi.SetRuleAsync(admin, "dead_stream_share", new { parameters = new { max_dead_percent = 20, min_checked_streams = 11 } });
        await AlertsApi.EvaluateAsync(admin);
        Assert.Equal(2, (await AlertsApi.NotificationsAsync(admin, "dead_stream_share", "streams")).Count);
        await AlertsApi.SetRuleAsync(admin, "dead_stream_share", new { parameters = new { max_dead_percent = 20, min_checked_streams = 10 } });
    }

    [Fact]
    public async Task A_channel_whose_best_stream_falls_a_quality_tier_between_its_last_two_samples_is_notified_once()
    {
        var admin = await server.SignedInAsync();
        var provider = await seed.ProviderAsync("quality");

        // 1: best stream FHD → HD (one tier), a worse SD stream beside it.
        var a = await seed.StreamAsync(provider, "q-a", "alive", isChecked: false);
        var b = await seed.StreamAsync(provider, "q-b", "alive", isChecked: false, score: 300);
        await seed.SamplesAsync(a, (3, 720), (2, 715), (1, 610));
        var dropped = await seed.ChannelAsync("Q One", true, a, b);
        // 2: within a tier (bonus only).
        var c = await seed.StreamAsync(provider, "q-c", "alive", isChecked: false);
        await seed.SamplesAsync(c, (2, 735), (1, 700));
        var steady = await seed.ChannelAsync("Q Two", true, c);
        // 3: the latest sample is unknown (score 0): no evidence.
        var d = await seed.StreamAsync(provider, "q-d", "alive", isChecked: false);
        await seed.SamplesAsync(d, (2, 700), (1, 0));
        await seed.ChannelAsync("Q Three", true, d);
        // 4: the previous sample is older than the lookback (6 h).
        var e = await seed.StreamAsync(provider, "q-e", "alive", isChecked: false);
        await seed.SamplesAsync(e, (10, 900), (1, 600));
        await seed.ChannelAsync("Q Four", true, e);
        // 5: 4K → HD, three tiers (QHD and FHD between).
        var g = await seed.StreamAsync(provider, "q-g", "alive", isChecked: false);
        await seed.SamplesAsync(g, (2, 905), (1, 640));
        var twoTiers = await seed.ChannelAsync("Q Five", true, g);
        // 6: disabled channel.
        var h = await seed.StreamAsync(provider, "q-h", "alive", isChecked: false);
        await seed.SamplesAsync(h, (2, 700), (1, 300));
        await seed.ChannelAsync("Q Six", false, h);
        // 7: a stream that is not the channel's best dropped; the best one held.
        var best = await seed.StreamAsync(provider, "q-best", "alive", isChecked: false);
        var other = await seed.StreamAsync(provider, "q-other", "alive", isChecked: false);
        await seed.SamplesAsync(best, (2, 700), (1, 700));
        await seed.SamplesAsync(other, (2, 900), (1, 600));
        await seed.ChannelAsync("Q Seven", true, other, best);

        await AlertsApi.EvaluateAsync(admin);
        await AlertsApi.EvaluateAsync(admin);
        var one = Assert.Single(await AlertsApi.NotificationsAsync(admin, "channel_quality_drop", $"channel:{dropped}"));
        Assert.Equal("Channel Q One: quality dropped from FHD to HD", one.GetProperty("title").GetString());
        Assert.Equal("warning", one.GetProperty("severity").GetString());
        var five = Assert.Single(await AlertsApi.NotificationsAsync(admin, "channel_quality_drop", $"channel:{twoTiers}"));
        Assert.Equal("Channel Q Five: quality dropped from 4K to HD", five.GetProperty("title").GetString());
        var all = await (await admin.GetAsync("/api/admin/notifications?page_size=200")).ReadJsonAsync();
        Assert.Equal(2, all.GetProperty("items").EnumerateArray().Count(n => n.GetProperty("rule").GetString() == "channel_quality_drop"));
        Assert.Empty(await AlertsApi.NotificationsAsync(admin, "channel_quality_drop", $"channel:{steady}"));

        // A newer sample back at FHD clears channel 1; channel 5 stays open until the rule asks for a four-tier drop.
        await seed.SamplesAsync(a, (0.5, 720));
        Assert.Contains("1 resolved", await AlertsApi.EvaluateAsync(admin), StringComparison.Ordinal);
        Assert.Equal(["alert.resolved", "alert.opened"], (await AlertsApi.NotificationsAsync(admin, "channel_quality_drop", $"channel:{dropped}")).Select(n => n.GetProperty("event").GetString()));
        Assert.Single(await AlertsApi.NotificationsAsync(admin, "channel_quality_drop", $"channel:{twoTiers}"));
        await AlertsApi.SetRuleAsync(admin, "channel_quality_drop", new { parameters = new { min_tier_drop = 4 } });
        await AlertsApi.EvaluateAsync(admin);
        Assert.Equal(2, (await AlertsApi.NotificationsAsync(admin, "channel_quality_drop", $"channel:{twoTiers}")).Count);
        await AlertsApi.SetRuleAsync(admin, "channel_quality_drop", new { parameters = new { min_tier_drop = 1 } });
    }

    [Fact]
    public async Task A_sync_far_slower_or_with_far_more_errors_than_the_median_of_the_previous_successful_syncs_is_an_anomaly_above_the_floor()
    {
        var admin = await server.SignedInAsync();
        var usual = Enumerable.Range(0, 10).Select(i => ("succeeded", 20.0 + i, 0)).ToList();
        var slow = await seed.ProviderAsync("anomaly-slow");
        await seed.SyncsAsync(slow, [.. usual, ("failed", 5, 1), ("succeeded", 200, 0)]);
        var noisy = await seed.ProviderAsync("anomaly-noisy");
        await seed.SyncsAsync(noisy, [.. usual, ("succeeded", 22, 50)]);
        // 2 s usually, 7 s now: more than three times, but below the 60 s floor.
        var quick = await seed.ProviderAsync("anomaly-quick");
        await seed.SyncsAsync(quick, [.. Enumerable.Range(0, 10).Select(_ => ("succeeded", 2.0, 0)), ("succeeded", 7, 0)]);
        // Only two successful syncs before: too little history to judge.
        var young = await seed.ProviderAsync("anomaly-young");
        await seed.SyncsAsync(young, ("succeeded", 10, 0), ("succeeded", 10, 0), ("succeeded", 500, 0));

        await AlertsApi.EvaluateAsync(admin);
        await AlertsApi.EvaluateAsync(admin);
        var slowAlert = Assert.Single(await AlertsApi.NotificationsAsync(admin, "provider_sync_anomaly", $"provider:{slow}"));
        Assert.Equal("Provider anomaly-slow: unusual sync", slowAlert.GetProperty("title").GetString());
        Assert.Equal("The latest sync of provider anomaly-slow took 200 s (usually 24.5 s); median of the previous 10 successful syncs.", slowAlert.GetProperty("message").GetString());
        var noisyAlert = Assert.Single(await AlertsApi.NotificationsAsync(admin, "provider_sync_anomaly", $"provider:{noisy}"));
        Assert.Contains("reported 50 errors (usually 0)", noisyAlert.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await AlertsApi.NotificationsAsync(admin, "provider_sync_anomaly", $"provider:{quick}"));
        Assert.Empty(await AlertsApi.NotificationsAsync(admin, "provider_sync_anomaly", $"provider:{young}"));

        // The next sync is back to normal: resolved.
        await seed.SyncsAsync(slow, ("succeeded", 25, 0));
        await AlertsApi.EvaluateAsync(admin);
        Assert.Equal(["alert.resolved", "alert.opened"], (await AlertsApi.NotificationsAsync(admin, "provider_sync_anomaly", $"provider:{slow}")).Select(n => n.GetProperty("event").GetString()));
    }
}
