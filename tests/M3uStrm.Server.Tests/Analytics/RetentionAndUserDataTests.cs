using M3uStrm.Server.Features.Analytics;
using M3uStrm.Server.Features.Playback;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Tests.Analytics;

public sealed class RetentionFactory : AnalyticsFactory
{
    public RetentionFactory()
    {
        With("Analytics:RetentionDays", "20");
        With("Analytics:PopularCacheSeconds", "0");
    }
}

public sealed class RetentionAndUserDataTests(RetentionFactory server) : IClassFixture<RetentionFactory>
{
    [Fact]
    public async Task Retention_rolls_old_sessions_up_then_deletes_them_and_long_reports_stay_the_same()
    {
        var admin = await server.SignedInAsync();
        var channels = await AnalyticsData.ChannelsAsync(server, "Keep", 5);
        var users = new[] { "keep-1", "keep-2", "keep-3" };
        foreach (var user in users)
        {
            await AnalyticsData.UserAsync(admin, user);
        }

        var random = new Random(7);
        var sessions = AnalyticsData.Generate(random, DateTime.UtcNow, users, channels)
            .Select(s => s.EndedAt is null ? s with { EndedAt = s.StartedAt.AddMinutes(5) } : s).ToList();
        Assert.Equal(HttpStatusCode.OK, (await AnalyticsData.ImportAsync(admin, AnalyticsData.Csv(sessions, random))).StatusCode);

        var engagementBefore = await Engagement(admin);
        var popularBefore = (await (await admin.GetAsync("/api/analytics/popular?days=90&limit=100")).Content.ReadAsStringAsync());

        await RunJobAsync(admin, "analytics-retention");

        var cutoff = DateTime.UtcNow.AddDays(-20);
        var ids = channels.Select(c => (long?)c.Id).ToList();
        var remaining = await AnalyticsData.DbAsync(server, db => db.Set<ViewingSession>().Where(s => ids.Contains(s.ChannelId)).Select(s => s.StartedAt).ToListAsync());
        Assert.Equal(sessions.Count(s => s.StartedAt >= cutoff), remaining.Count);
        Assert.All(remaining, s => Assert.True(s >= cutoff.AddMinutes(-1)));
        var rollups = await AnalyticsData.DbAsync(server, db => db.Set<SessionRollup>().Where(r => ids.Contains(r.ChannelId)).ToListAsync());
        var old = sessions.Where(s => s.StartedAt < cutoff).ToList();
        Assert.Equal(old.Count, rollups.Sum(r => r.Sessions));
        Assert.Equal(old.Count(s => s.Completed), rollups.Sum(r => r.Completed));
        Assert.Equal(old.Sum(s => s.DurationSeconds ?? (s.EndedAt!.Value - s.StartedAt).TotalSeconds), rollups.Sum(r => r.Seconds), 3);
        Assert.Equal(old.Select(s => (s.StartedAt.Date, s.Username, s.ChannelId)).Distinct().Count(), rollups.Count);

        Assert.Equal(engagementBefore, await Engagement(admin));
        Assert.Equal(popularBefore, await (await admin.GetAsync("/api/analytics/popular?days=90&limit=100")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Export_holds_the_account_without_secrets_and_the_sessions_and_deletion_deletes_or_anonymises()
    {
        var admin = await server.SignedInAsync();
        var channel = (await AnalyticsData.ChannelsAsync(server, "Gdpr", 1))[0];
        var keepId = await AnalyticsData.UserAsync(admin, "gdpr-anon");
        var goneId = await AnalyticsData.UserAsync(admin, "gdpr-delete");
        var now = DateTime.UtcNow.AddHours(-3);
        var rows = new[] { "gdpr-anon", "gdpr-anon", "gdpr-delete" }
            .Select((u, i) => new RawSession(u, channel.Id, channel.Name, now.AddMinutes(i * 10), now.AddMinutes(i * 10 + 5), null, false)).ToList();
        Assert.Equal(HttpStatusCode.OK, (await AnalyticsData.ImportAsync(admin, AnalyticsData.Csv(rows, new Random(1)))).StatusCode);

        var export = await admin.GetAsync($"/api/admin/users/{keepId}/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var text = await export.Content.ReadAsStringAsync();
        foreach (var secret in new[] { "password", "security_stamp", "playback_token", "xtream_password", "concurrency_stamp" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }

        var body = await export.ReadJsonAsync();
        Assert.Equal("gdpr-anon", body.GetProperty("account").GetProperty("username").GetString());
        Assert.Equal(2, body.GetProperty("sessions").GetArrayLength());

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.DeleteAsync($"/api/admin/users/{keepId}/sessions?mode=shred")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/admin/users/{Guid.NewGuid()}/sessions?mode=delete")).StatusCode);

        var anonymised = await admin.DeleteAsync($"/api/admin/users/{keepId}/sessions?mode=anonymise");
        Assert.Equal(HttpStatusCode.OK, anonymised.StatusCode);
        Assert.Equal(2, (await anonymised.ReadJsonAsync()).GetProperty("sessions").GetInt32());
        Assert.Equal(0, await AnalyticsData.DbAsync(server, db => db.Set<ViewingSession>().CountAsync(s => s.UserId == keepId)));
        Assert.Equal(2, await AnalyticsData.DbAsync(server, db => db.Set<SessionRollup>().Where(r => r.UserId == null && r.ChannelId == channel.Id).SumAsync(r => r.Sessions)));
        var popular = (await (await admin.GetAsync("/api/analytics/popular?days=1&limit=100")).ReadJsonAsync()).EnumerateArray()
            .Single(p => p.GetProperty("channel_id").GetInt64() == channel.Id);
        Assert.Equal(3, popular.GetProperty("sessions").GetInt32());

        var deleted = await admin.DeleteAsync($"/api/admin/users/{goneId}/sessions?mode=delete");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(0, await AnalyticsData.DbAsync(server, db => db.Set<ViewingSession>().CountAsync(s => s.UserId == goneId)));

        var audit = await AnalyticsData.DbAsync(server, db => db.AuditLogs.Where(a => a.TargetId == keepId.ToString() || a.TargetId == goneId.ToString()).Select(a => a.Action).ToListAsync());
        Assert.Contains("user.export", audit);
        Assert.Contains("user.sessions.anonymise", audit);
        Assert.Contains("user.sessions.delete", audit);
    }

    private async Task<string> Engagement(HttpClient admin) =>
        await (await admin.GetAsync("/api/analytics/admin/users/engagement?days=90&format=csv")).Content.ReadAsStringAsync();

    private static async Task RunJobAsync(HttpClient admin, string key)
    {
        var accepted = await admin.PostAsync($"/api/admin/jobs/{key}/run", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var runId = (await accepted.ReadJsonAsync()).GetProperty("run_id").GetString();
        for (var i = 0; i < 300; i++)
        {
            var status = (await (await admin.GetAsync($"/api/admin/jobs/runs/{runId}")).ReadJsonAsync()).GetProperty("status").GetString();
            if (status == "succeeded")
            {
                return;
            }

            Assert.NotEqual("failed", status);
            await Task.Delay(100);
        }

        Assert.Fail($"job {key} did not finish");
    }
}
