using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Tests.Analytics;

public sealed class EngagementTests(AnalyticsFactory server) : IClassFixture<AnalyticsFactory>
{
    private static readonly string[] Fields =
        ["user_id", "username", "total_sessions", "total_hours_watched", "avg_session_minutes", "active_days", "last_active", "engagement_score", "content_diversity", "completion_rate"];

    [Fact]
    public async Task Engagement_matches_the_rules_computed_from_the_raw_rows_for_every_enabled_user_including_idle_ones()
    {
        var admin = await server.SignedInAsync();
        var channels = await AnalyticsData.ChannelsAsync(server, "Golden", 12);
        var random = new Random(20261125);
        var active = Enumerable.Range(1, 7).Select(i => $"gold-{i}").ToList();
        var idle = new[] { "gold-idle-1", "gold-idle-2" };
        foreach (var name in active.Concat(idle).Append("gold-disabled"))
        {
            await AnalyticsData.UserAsync(admin, name);
        }

        var now = DateTime.UtcNow;
        var sessions = AnalyticsData.Generate(random, now, active.Append("gold-disabled").ToList(), channels);
        Assert.Contains(sessions, s => s.EndedAt is null);
        Assert.Contains(sessions, s => s.EndedAt is { } e && e.Date > s.StartedAt.Date);
        var imported = await AnalyticsData.ImportAsync(admin, AnalyticsData.Csv(sessions, random));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(sessions.Count, (await imported.ReadJsonAsync()).GetProperty("imported").GetInt32());
        await AnalyticsData.DbAsync(server, db => db.Users.Where(u => u.UserName == "gold-disabled").ExecuteUpdateAsync(u => u.SetProperty(x => x.Enabled, false)));

        foreach (var days in new[] { 30, 7, 365 })
        {
            var before = DateTime.UtcNow;
            var response = await admin.GetAsync($"/api/analytics/admin/users/engagement?days={days}");
            var after = DateTime.UtcNow;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var rows = (await response.ReadJsonAsync()).EnumerateArray().ToList();

            var enabled = await AnalyticsData.DbAsync(server, db => db.Users.Where(u => u.Enabled).Select(u => u.UserName!).ToListAsync());
            Assert.Equal(enabled.Order(StringComparer.Ordinal), rows.Select(r => r.GetProperty("username").GetString()!).Order(StringComparer.Ordinal));
            Assert.DoesNotContain(rows, r => r.GetProperty("username").GetString() == "gold-disabled");
            Assert.All(rows, r => Assert.Equal(Fields, r.EnumerateObject().Select(p => p.Name)));
            var scores = rows.Select(r => r.GetProperty("engagement_score").GetDouble()).ToList();
            Assert.Equal(scores.OrderDescending(), scores);

            // Open sessions keep growing while the request runs: the answer lies between the rules at both instants.
            var low = AnalyticsData.Engagement(sessions, enabled, before, days);
            var high = AnalyticsData.Engagement(sessions, enabled, after, days);
            foreach (var row in rows)
            {
                var name = row.GetProperty("username").GetString()!;
                var (lo, hi) = (low[name], high[name]);
                Assert.Equal(lo.TotalSessions, row.GetProperty("total_sessions").GetInt32());
                Assert.Equal(lo.ActiveDays, row.GetProperty("active_days").GetInt32());
                Assert.Equal(lo.ContentDiversity, row.GetProperty("content_diversity").GetDouble());
                Assert.Equal(lo.CompletionRate, row.GetProperty("completion_rate").GetDouble());
                Assert.Equal(lo.LastActive, row.GetProperty("last_active").ValueKind == JsonValueKind.Null ? null : row.GetProperty("last_active").GetDateTime().ToUniversalTime());
                Between(lo.TotalHoursWatched, hi.TotalHoursWatched, row.GetProperty("total_hours_watched").GetDouble(), $"{name} hours ({days} d)");
                Between(lo.AvgSessionMinutes, hi.AvgSessionMinutes, row.GetProperty("avg_session_minutes").GetDouble(), $"{name} avg minutes ({days} d)");
                Between(lo.EngagementScore, hi.EngagementScore, row.GetProperty("engagement_score").GetDouble(), $"{name} score ({days} d)");
            }

            foreach (var name in idle.Append("admin"))
            {
                var row = rows.Single(r => r.GetProperty("username").GetString() == name);
                Assert.Equal(0, row.GetProperty("total_sessions").GetInt32());
                Assert.Equal(0, row.GetProperty("engagement_score").GetDouble());
                Assert.Equal(JsonValueKind.Null, row.GetProperty("last_active").ValueKind);
            }
        }

        // min_engagement keeps the users at or above the threshold.
        var all = (await (await admin.GetAsync("/api/analytics/admin/users/engagement")).ReadJsonAsync()).EnumerateArray().Select(r => r.GetProperty("engagement_score").GetDouble()).ToList();
        var threshold = Math.Round((all.Max() + all.Where(s => s > 0).Min()) / 2, 1) + 0.005;
        var filtered = (await (await admin.GetAsync($"/api/analytics/admin/users/engagement?min_engagement={threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}")).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(all.Count(s => s >= threshold), filtered.Count);
        Assert.All(filtered, r => Assert.True(r.GetProperty("engagement_score").GetDouble() >= threshold));

        // The per-user answer: the same summary, and a daily series that adds up to it.
        var id = await AnalyticsData.DbAsync(server, db => db.Users.Where(u => u.UserName == active[0]).Select(u => u.Id).SingleAsync());
        var one = await (await admin.GetAsync($"/api/analytics/admin/users/{id}/engagement?days=30")).ReadJsonAsync();
        var expected = AnalyticsData.Engagement(sessions, [active[0]], DateTime.UtcNow, 30)[active[0]];
        Assert.Equal(expected.TotalSessions, one.GetProperty("summary").GetProperty("total_sessions").GetInt32());
        var daily = one.GetProperty("daily").EnumerateArray().ToList();
        Assert.Equal(expected.ActiveDays, daily.Count);
        Assert.Equal(expected.TotalSessions, daily.Sum(d => d.GetProperty("sessions").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/analytics/admin/users/{Guid.NewGuid()}/engagement")).StatusCode);
    }

    [Theory]
    [InlineData("days=0", "days")]
    [InlineData("days=366", "days")]
    [InlineData("min_engagement=-1", "min_engagement")]
    [InlineData("min_engagement=100.5", "min_engagement")]
    [InlineData("format=xml", "format")]
    public async Task Out_of_range_parameters_answer_400_naming_the_field(string query, string field)
    {
        var admin = await server.SignedInAsync();
        var response = await admin.GetAsync($"/api/analytics/admin/users/engagement?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Engagement_answers_csv_with_one_line_per_enabled_user()
    {
        var admin = await server.SignedInAsync();
        var response = await admin.GetAsync("/api/analytics/admin/users/engagement?format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join(',', Fields), lines[0]);
        var enabled = await AnalyticsData.DbAsync(server, db => db.Users.CountAsync(u => u.Enabled));
        Assert.Equal(enabled, lines.Length - 1);
    }

    private static void Between(double a, double b, double actual, string what) =>
        Assert.True(actual >= Math.Min(a, b) && actual <= Math.Max(a, b), $"{what}: {actual} not in [{Math.Min(a, b)}, {Math.Max(a, b)}]");
}
