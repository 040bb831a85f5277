using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Features.Providers;

namespace M3uStrm.Server.Tests.Analytics;

public sealed class ReportsTests(AnalyticsFactory server) : IClassFixture<AnalyticsFactory>
{
    [Fact]
    public async Task Admin_stats_count_totals_daily_active_users_peak_concurrency_providers_and_client_apps()
    {
        var admin = await server.SignedInAsync();
        var channels = await AnalyticsData.ChannelsAsync(server, "Stats", 2);
        var users = new Dictionary<string, Guid>();
        foreach (var name in new[] { "stats-1", "stats-2", "stats-3" })
        {
            users[name] = await AnalyticsData.UserAsync(admin, name);
        }

        var day = DateTime.UtcNow.Date.AddDays(-3);
        var (providerId, streamId) = await AnalyticsData.DbAsync(server, async db =>
        {
            var provider = new Provider { Name = "stats-provider", MaxConnections = 2, CreatedAt = DateTime.UtcNow };
            db.Add(provider);
            await db.SaveChangesAsync();
            var stream = new ProviderStream { ProviderId = provider.Id, ExternalId = "s1", Name = "Stats 1" };
            db.Add(stream);
            await db.SaveChangesAsync();
            return (provider.Id, stream.Id);
        });

        // Day −3: three overlapping sessions 20:00–21:00, 20:30–22:00, 20:45–20:50 (peak 3), one after (22:00–23:00, not
        // concurrent with the one ending at 22:00), and one across midnight into day −2.
        ViewingSession Session(string user, long channel, DateTime start, double minutes, string client) => new()
        {
            UserId = users[user],
            ChannelId = channel,
            StreamId = streamId,
            StartedAt = start,
            LastSeenAt = start.AddMinutes(minutes),
            EndedAt = start.AddMinutes(minutes),
            DurationSeconds = minutes * 60,
            Source = SessionSources.Proxy,
            Client = client,
        };
        await AnalyticsData.DbAsync(server, async db =>
        {
            db.AddRange(
                Session("stats-1", channels[0].Id, day.AddHours(20), 60, "VLC/3.0.20 LibVLC/3.0.20"),
                Session("stats-2", channels[0].Id, day.AddHours(20.5), 90, "Kodi/21.0 (Linux)"),
                Session("stats-3", channels[1].Id, day.AddHours(20.75), 5, "VLC/3.0.18"),
                Session("stats-1", channels[1].Id, day.AddHours(22), 60, "Kodi/20.2"),
                Session("stats-2", channels[1].Id, day.AddHours(23.5), 120, "VLC/3.0.20"));
            return await db.SaveChangesAsync();
        });

        var stats = await (await admin.GetAsync("/api/analytics/admin/stats?days=7")).ReadJsonAsync();
        var totals = stats.GetProperty("totals");
        Assert.Equal(5, totals.GetProperty("sessions").GetInt32());
        Assert.Equal(5.58, totals.GetProperty("hours").GetDouble());
        Assert.Equal(3, totals.GetProperty("active_users").GetInt32());
        var daily = stats.GetProperty("daily").EnumerateArray().ToDictionary(d => d.GetProperty("date").GetString()!);
        var first = daily[day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)];
        Assert.Equal(5, first.GetProperty("sessions").GetInt32());
        Assert.Equal(3, first.GetProperty("active_users").GetInt32());
        Assert.Equal(3, first.GetProperty("peak_concurrent").GetInt32());
        var second = daily[day.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)];
        Assert.Equal(0, second.GetProperty("sessions").GetInt32());
        Assert.Equal(1, second.GetProperty("peak_concurrent").GetInt32());
        var top = stats.GetProperty("top_channels").EnumerateArray().ToList();
        Assert.Equal(channels[1].Id, top[0].GetProperty("id").GetInt64());
        Assert.Equal(3, top[0].GetProperty("sessions").GetInt32());
        var provider = stats.GetProperty("by_provider").EnumerateArray().Single();
        Assert.Equal("stats-provider", provider.GetProperty("name").GetString());
        Assert.Equal(5, provider.GetProperty("sessions").GetInt32());
        var clients = stats.GetProperty("by_client").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!, c => c.GetProperty("sessions").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["VLC"] = 3, ["Kodi"] = 2 }, clients);

        var csv = await (await admin.GetAsync("/api/analytics/admin/stats?days=7&format=csv")).Content.ReadAsStringAsync();
        Assert.StartsWith("date,sessions,hours,active_users,peak_concurrent\n", csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/analytics/admin/stats?days=0")).StatusCode);

        // Capacity from the usage samples and events of the playback log.
        await AnalyticsData.DbAsync(server, async db =>
        {
            var at = DateTime.UtcNow.AddHours(-5);
            db.AddRange(
                new PlaybackEvent { ProviderId = providerId, At = at, Kind = PlaybackEventKinds.Usage, InUse = 1, MaxConnections = 2 },
                new PlaybackEvent { ProviderId = providerId, At = at.AddMinutes(1), Kind = PlaybackEventKinds.Usage, InUse = 2, MaxConnections = 2 },
                new PlaybackEvent { ProviderId = providerId, At = at.AddMinutes(2), Kind = PlaybackEventKinds.Refused, InUse = 2, MaxConnections = 2 },
                new PlaybackEvent { ProviderId = providerId, At = at.AddHours(2), Kind = PlaybackEventKinds.Usage, InUse = 1, MaxConnections = 2 },
                new PlaybackEvent { ProviderId = providerId, At = at.AddHours(2), Kind = PlaybackEventKinds.Failover, InUse = 1, MaxConnections = 2 },
                new PlaybackEvent { ProviderId = providerId, At = DateTime.UtcNow.AddDays(-40), Kind = PlaybackEventKinds.Refused, InUse = 2, MaxConnections = 2 });
            return await db.SaveChangesAsync();
        });
        var capacity = (await (await admin.GetAsync("/api/analytics/admin/providers/capacity?days=30")).ReadJsonAsync()).EnumerateArray()
            .Single(p => p.GetProperty("provider_id").GetInt64() == providerId);
        Assert.Equal(2, capacity.GetProperty("max_connections").GetInt32());
        Assert.Equal(2, capacity.GetProperty("peak_concurrent").GetInt32());
        Assert.Equal(1, capacity.GetProperty("hours_at_limit").GetInt32());
        Assert.Equal(1, capacity.GetProperty("refused").GetInt32());
        Assert.Equal(1, capacity.GetProperty("failovers").GetInt32());
        Assert.Equal([2, 1], capacity.GetProperty("hourly").EnumerateArray().Select(h => h.GetProperty("peak_concurrent").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/analytics/admin/providers/capacity?days=366")).StatusCode);
    }

    [Fact]
    public async Task My_stats_hold_only_my_sessions()
    {
        var admin = await server.SignedInAsync();
        var channel = (await AnalyticsData.ChannelsAsync(server, "Mine", 1))[0];
        var me = await server.SignedInAsNewUserAsync();
        var start = DateTime.UtcNow.AddHours(-2);
        Assert.Equal(HttpStatusCode.Created, (await me.PostAsJsonAsync("/api/analytics/history", new { channel_id = channel.Id, started_at = start, ended_at = start.AddMinutes(90) })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/analytics/history", new { channel_id = channel.Id, started_at = start, ended_at = start.AddMinutes(30) })).StatusCode);
        var mine = await (await me.GetAsync("/api/analytics/stats?days=7")).ReadJsonAsync();
        Assert.Equal(1, mine.GetProperty("totals").GetProperty("sessions").GetInt32());
        Assert.Equal(1.5, mine.GetProperty("totals").GetProperty("hours").GetDouble());
        Assert.Equal(channel.Id, mine.GetProperty("top_channels")[0].GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().GetAsync("/api/analytics/stats")).StatusCode);
    }

    [Fact]
    public async Task Programmes_get_the_overlap_of_every_session_that_spans_them()
    {
        var admin = await server.SignedInAsync();
        var channel = (await AnalyticsData.ChannelsAsync(server, "Guide", 1))[0];
        var userId = await AnalyticsData.UserAsync(admin, "guide-viewer");
        var t = DateTime.UtcNow.Date.AddDays(-1).AddHours(18);
        await AnalyticsData.DbAsync(server, async db =>
        {
            var source = new EpgSource { Name = "guide", CreatedAt = t, UpdatedAt = t };
            db.Add(source);
            await db.SaveChangesAsync();
            var epg = new EpgChannel { SourceId = source.Id, XmltvId = "guide1.tv", DisplayName = "Guide 1", LastSeenAt = t };
            db.Add(epg);
            await db.SaveChangesAsync();
            // The guide is an hour behind the channel (tvg-shift +60): on air at 19:00, 19:30 and 20:30 channel time.
            db.AddRange(
                new Programme { SourceId = source.Id, EpgChannelId = epg.Id, Start = t, Stop = t.AddMinutes(30), Title = "News", Categories = "News" },
                new Programme { SourceId = source.Id, EpgChannelId = epg.Id, Start = t.AddMinutes(30), Stop = t.AddMinutes(90), Title = "Film", Categories = "Movie\u001fDrama" },
                new Programme { SourceId = source.Id, EpgChannelId = epg.Id, Start = t.AddMinutes(90), Stop = t.AddMinutes(150), Title = "Match", Categories = "Sports" },
                new ChannelEpgMapping { ChannelId = channel.Id, EpgChannelId = epg.Id, Method = "manual", Score = 100, ShiftMinutes = 60, Manual = true, UpdatedAt = t },
                // 19:15–20:45 spans all three: 15 min of News, 60 of Film, 15 of Match; 20:00–20:20 is all Film.
                new ViewingSession { UserId = userId, ChannelId = channel.Id, StartedAt = t.AddMinutes(75), LastSeenAt = t.AddMinutes(165), EndedAt = t.AddMinutes(165), DurationSeconds = 5400, Source = SessionSources.Api },
                new ViewingSession { UserId = userId, ChannelId = channel.Id, StartedAt = t.AddMinutes(120), LastSeenAt = t.AddMinutes(140), EndedAt = t.AddMinutes(140), DurationSeconds = 1200, Source = SessionSources.Api });
            return await db.SaveChangesAsync();
        });

        var report = await (await admin.GetAsync("/api/analytics/admin/programmes?days=7")).ReadJsonAsync();
        var top = report.GetProperty("top_programmes").EnumerateArray().Where(p => p.GetProperty("channel_id").GetInt64() == channel.Id)
            .ToDictionary(p => p.GetProperty("title").GetString()!);
        Assert.Equal(["Film", "News", "Match"], top.Keys.OrderByDescending(k => top[k].GetProperty("hours").GetDouble()).ThenBy(k => k == "News" ? 0 : 1));
        Assert.Equal(1.33, top["Film"].GetProperty("hours").GetDouble());
        Assert.Equal(2, top["Film"].GetProperty("sessions").GetInt32());
        Assert.Equal(1, top["Film"].GetProperty("viewers").GetInt32());
        Assert.Equal(0.25, top["News"].GetProperty("hours").GetDouble());
        Assert.Equal(0.25, top["Match"].GetProperty("hours").GetDouble());
        Assert.Equal(t.AddMinutes(150), top["Film"].GetProperty("stop").GetDateTime().ToUniversalTime());
        var categories = report.GetProperty("categories").EnumerateArray().ToDictionary(c => c.GetProperty("category").GetString()!, c => c.GetProperty("hours").GetDouble());
        Assert.Equal(1.33, categories["Drama"]);
        Assert.Equal(1.33, categories["Movie"]);
        Assert.Equal(0.25, categories["Sports"]);
        Assert.Equal(1.83, report.GetProperty("credited_hours").GetDouble());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/analytics/admin/programmes?format=csv")).StatusCode);
    }
}
