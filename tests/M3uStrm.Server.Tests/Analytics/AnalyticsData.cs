using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests.Analytics;

/// <summary>An analytics server: no background jobs that would change sessions behind a test's back.</summary>
public class AnalyticsFactory : ServerFactory
{
    public AnalyticsFactory()
    {
        With("Jobs:session-sweeper:Cron", "0 0 0 1 1 ? 2099");
        With("Jobs:analytics-retention:Cron", "0 0 0 1 1 ? 2099");
        With("Jobs:health-check:Cron", "0 0 0 1 1 ? 2099");
        With("Jobs:quality-sampling:Cron", "0 0 0 1 1 ? 2099");
        With("Analytics:LiveIntervalSeconds", "600");
    }
}

/// <summary>One imported session as the test knows it (times in UTC), for computing expectations independently.</summary>
internal sealed record RawSession(string Username, long ChannelId, string ChannelRef, DateTime StartedAt, DateTime? EndedAt, double? DurationSeconds, bool Completed);

internal static class AnalyticsData
{
    public static async Task<List<(long Id, string Name, string TvgId)>> ChannelsAsync(ServerFactory server, string prefix, int count)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTime.UtcNow;
        var channels = Enumerable.Range(1, count).Select(i => new Channel
        {
            Name = $"{prefix} {i}",
            NormalizedName = $"{prefix} {i}".ToLowerInvariant(),
            EpgChannelId = $"{prefix.ToLowerInvariant()}{i}.tv",
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        db.AddRange(channels);
        await db.SaveChangesAsync();
        return [.. channels.Select(c => (c.Id, c.Name, c.EpgChannelId!))];
    }

    public static async Task<Guid> UserAsync(HttpClient admin, string username, string role = "user")
    {
        var created = await admin.PostAsJsonAsync("/api/admin/users", new { username, password = "user-password-1234", role });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    public static async Task<T> DbAsync<T>(ServerFactory server, Func<AppDbContext, Task<T>> query)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public static string Iso(DateTime utc, int offsetMinutes = 0) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified).AddMinutes(offsetMinutes), TimeSpan.FromMinutes(offsetMinutes))
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Csv(IEnumerable<RawSession> sessions, Random random)
    {
        var csv = new StringBuilder("username,channel,started_at,ended_at,duration_seconds,completed\n");
        foreach (var s in sessions)
        {
            var offset = random.Next(3) switch { 0 => 0, 1 => 120, _ => -300 };
            csv.Append(s.Username).Append(',').Append(s.ChannelRef).Append(',').Append(Iso(s.StartedAt, offset)).Append(',')
                .Append(s.EndedAt is { } e ? Iso(e, offset) : "").Append(',')
                .Append(s.DurationSeconds?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(s.Completed ? "true" : "false").Append('\n');
        }

        return csv.ToString();
    }

    public static async Task<HttpResponseMessage> ImportAsync(HttpClient admin, string body, string contentType = "text/csv") =>
        await admin.PostAsync("/api/analytics/admin/history/import", new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType)));

    /// <summary>
    /// A deterministic dataset: active users with sessions over 40 days (some outside a 30-day window), sessions across
    /// midnight UTC, open sessions, completed and not, reported durations that differ from end − start, and channels
    /// referenced by id, tvg-id and name. Times avoid the window edge so the expected set does not depend on seconds.
    /// </summary>
    public static List<RawSession> Generate(Random random, DateTime now, IReadOnlyList<string> users, IReadOnlyList<(long Id, string Name, string TvgId)> channels)
    {
        var sessions = new List<RawSession>();
        var today = now.Date;
        foreach (var user in users)
        {
            var count = random.Next(5, 60);
            for (var i = 0; i < count; i++)
            {
                var channel = channels[random.Next(channels.Count)];
                var reference = random.Next(3) switch { 0 => channel.Id.ToString(CultureInfo.InvariantCulture), 1 => channel.TvgId, _ => channel.Name };
                var kind = random.Next(10);
                DateTime start;
                DateTime? end;
                double? duration = null;
                if (kind == 0)
                {
                    // Across midnight UTC: counts on the day it started.
                    var daysBack = random.Next(2, 38);
                    var day = today.AddDays(daysBack is >= 29 and <= 31 ? -20 : -daysBack);
                    start = day.AddHours(23).AddMinutes(random.Next(0, 50));
                    end = start.AddMinutes(random.Next(20, 180));
                }
                else
                {
                    var daysAgo = random.Next(2) == 0 ? random.Next(1, 29) : random.Next(31, 40);
                    start = now.AddDays(-daysAgo).AddMinutes(-random.Next(0, 600));
                    start = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute, start.Second, DateTimeKind.Utc);
                    end = start.AddSeconds(random.Next(60, 4 * 3600));
                    if (kind == 1)
                    {
                        // The client reported a duration shorter than the wall time (paused).
                        duration = random.Next(30, (int)(end.Value - start).TotalSeconds);
                    }
                }

                sessions.Add(new RawSession(user, channel.Id, reference, start, end, duration, random.Next(3) == 0));
            }

            if (random.Next(2) == 0)
            {
                var start = now.AddMinutes(-random.Next(10, 300));
                start = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute, start.Second, DateTimeKind.Utc);
                var channel = channels[random.Next(channels.Count)];
                sessions.Add(new RawSession(user, channel.Id, channel.Name, start, null, null, false));
            }
        }

        return sessions;
    }

    /// <summary>The engagement rules of design.md §6, written out again from the raw rows.</summary>
    public static Dictionary<string, Expected> Engagement(IEnumerable<RawSession> sessions, IEnumerable<string> enabledUsers, DateTime now, int days)
    {
        var since = now.AddDays(-days);
        var byUser = sessions.ToLookup(s => s.Username);
        var result = new Dictionary<string, Expected>();
        foreach (var user in enabledUsers)
        {
            var all = byUser[user].ToList();
            var inWindow = all.Where(s => s.StartedAt >= since).ToList();
            var seconds = inWindow.Sum(s => s.DurationSeconds ?? ((s.EndedAt ?? now) - s.StartedAt).TotalSeconds);
            var n = inWindow.Count;
            var hours = seconds / 3600;
            var activeDays = inWindow.Select(s => s.StartedAt.Date).Distinct().Count();
            var score = 0.4 * Math.Min(100, n) + 0.4 * Math.Min(100, hours) + 0.2 * Math.Min(100, activeDays / 30.0 * 100);
            result[user] = new Expected(
                n, R(hours), n == 0 ? 0 : R(seconds / n / 60), activeDays, all.Count == 0 ? null : all.Max(s => s.StartedAt), R(score),
                R(Math.Min(1, inWindow.Select(s => s.ChannelId).Distinct().Count() / 50.0)), n == 0 ? 0 : R(100.0 * inWindow.Count(s => s.Completed) / n));
        }

        return result;
    }

    private static double R(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}

internal sealed record Expected(
    int TotalSessions, double TotalHoursWatched, double AvgSessionMinutes, int ActiveDays, DateTime? LastActive, double EngagementScore, double ContentDiversity, double CompletionRate);
