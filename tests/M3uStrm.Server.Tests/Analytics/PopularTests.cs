namespace M3uStrm.Server.Tests.Analytics;

public sealed class PopularTests(AnalyticsFactory server) : IClassFixture<AnalyticsFactory>
{
    [Fact]
    public async Task Popular_ranks_channels_by_sessions_with_unique_viewers_and_hours_and_is_cached_for_any_signed_in_user()
    {
        var admin = await server.SignedInAsync();
        var channels = await AnalyticsData.ChannelsAsync(server, "Pop", 3);
        foreach (var name in new[] { "pop-1", "pop-2" })
        {
            await AnalyticsData.UserAsync(admin, name);
        }

        var start = DateTime.UtcNow.AddDays(-2);
        var rows = new List<RawSession>
        {
            new("pop-1", channels[1].Id, channels[1].Name, start, start.AddHours(1), null, false),
            new("pop-1", channels[1].Id, channels[1].Name, start.AddHours(2), start.AddHours(3), null, false),
            new("pop-2", channels[1].Id, channels[1].Name, start.AddHours(4), start.AddHours(4.5), null, true),
            new("pop-2", channels[0].Id, channels[0].Name, start, start.AddHours(2), 1800, false),
            new("pop-2", channels[2].Id, channels[2].Name, start.AddDays(-10), start.AddDays(-10).AddHours(1), null, false),
        };
        Assert.Equal(HttpStatusCode.OK, (await AnalyticsData.ImportAsync(admin, AnalyticsData.Csv(rows, new Random(3)))).StatusCode);

        var user = await server.SignedInAsNewUserAsync();
        var answer = await (await user.GetAsync("/api/analytics/popular?days=7&limit=10")).ReadJsonAsync();
        var list = answer.EnumerateArray().ToList();
        Assert.Equal(2, list.Count);
        Assert.Equal(channels[1].Id, list[0].GetProperty("channel_id").GetInt64());
        Assert.Equal(3, list[0].GetProperty("sessions").GetInt32());
        Assert.Equal(2, list[0].GetProperty("unique_viewers").GetInt32());
        Assert.Equal(2.5, list[0].GetProperty("hours").GetDouble());
        Assert.Equal(0.5, list[1].GetProperty("hours").GetDouble());

        // Cached for five minutes: a new session does not show until then.
        var more = new List<RawSession> { new("pop-1", channels[0].Id, channels[0].Name, start, start.AddHours(1), null, false) };
        Assert.Equal(HttpStatusCode.OK, (await AnalyticsData.ImportAsync(admin, AnalyticsData.Csv(more, new Random(4)))).StatusCode);
        var again = (await (await user.GetAsync("/api/analytics/popular?days=7&limit=10")).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(1, again[1].GetProperty("sessions").GetInt32());
        var otherKey = (await (await user.GetAsync("/api/analytics/popular?days=7&limit=9")).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(2, otherKey[1].GetProperty("sessions").GetInt32());

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().GetAsync("/api/analytics/popular")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.GetAsync("/api/analytics/popular?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.GetAsync("/api/analytics/popular?days=400")).StatusCode);
        var csv = await (await user.GetAsync("/api/analytics/popular?format=csv")).Content.ReadAsStringAsync();
        Assert.StartsWith("channel_id,name,logo,sessions,unique_viewers,hours\n", csv, StringComparison.Ordinal);
    }
}
