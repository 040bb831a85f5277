using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Playback;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Analytics;

public sealed record EngagementRow(
    Guid UserId, string Username, int TotalSessions, double TotalHoursWatched, double AvgSessionMinutes, int ActiveDays,
    DateTime? LastActive, double EngagementScore, double ContentDiversity, double CompletionRate);

public sealed record EngagementDay(DateOnly Date, int Sessions, double Hours, int Completed);

public sealed record UserEngagement(EngagementRow Summary, IReadOnlyList<EngagementDay> Daily);

/// <summary>
/// The engagement report of design.md §6. One pass over a narrow projection of the window's sessions (plus the daily
/// rollups of days no longer stored raw) accumulates per user; users come from one query and <c>last_active</c> from
/// one grouped query — never a query per user. Idle enabled users appear with zeros.
/// </summary>
public sealed class EngagementReport(AppDbContext db, TimeProvider time)
{
    private sealed class Tally
    {
        public int Sessions;
        public double Seconds;
        public int Completed;
        public readonly HashSet<DateOnly> Days = [];
        public readonly HashSet<long> Channels = [];
        public int? DayCount;
        public int? ChannelCount;

        public int ActiveDays => DayCount ?? Days.Count;

        public int DistinctChannels => ChannelCount ?? Channels.Count;

        public static Tally Of(int sessions, double seconds, int completed, int activeDays, int channels) =>
            new() { Sessions = sessions, Seconds = seconds, Completed = completed, DayCount = activeDays, ChannelCount = channels };
        public readonly SortedDictionary<DateOnly, (int Sessions, double Seconds, int Completed)> Daily = [];

        public void Add(DateOnly day, long? channelId, int sessions, double seconds, int completed, bool daily)
        {
            Sessions += sessions;
            Seconds += seconds;
            Completed += completed;
            Days.Add(day);
            if (channelId is { } c)
            {
                Channels.Add(c);
            }

            if (daily)
            {
                Daily[day] = Daily.TryGetValue(day, out var d) ? (d.Sessions + sessions, d.Seconds + seconds, d.Completed + completed) : (sessions, seconds, completed);
            }
        }
    }

    public async Task<List<EngagementRow>> ComputeAsync(int days, double minEngagement, CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.Enabled).Select(u => new { u.Id, u.UserName }).ToListAsync(cancellationToken);
        var tallies = await AggregateAsync(days, cancellationToken);
        var lastActive = await LastActiveAsync(null, cancellationToken);
        return [.. users
            .Select(u => Row(u.Id, u.UserName ?? "", tallies.GetValueOrDefault(u.Id), lastActive.TryGetValue(u.Id, out var l) ? l : null))
            .Where(r => r.EngagementScore >= minEngagement)
            .OrderByDescending(r => r.EngagementScore).ThenBy(r => r.Username, StringComparer.Ordinal)];
    }

    public async Task<UserEngagement?> ComputeForUserAsync(Guid userId, int days, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Id, u.UserName }).FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var tally = (await TallyAsync(userId, days, daily: true, cancellationToken)).GetValueOrDefault(userId);
        DateTime? last = (await LastActiveAsync(userId, cancellationToken)).TryGetValue(userId, out var l) ? l : null;
        var daily = tally?.Daily.Select(d => new EngagementDay(d.Key, d.Value.Sessions, AnalyticsWindow.Round2(d.Value.Seconds / 3600), d.Value.Completed)).ToList() ?? [];
        return new UserEngagement(Row(user.Id, user.UserName ?? "", tally, last), daily);
    }

    private static EngagementRow Row(Guid id, string username, Tally? t, DateTime? lastActive)
    {
        var sessions = t?.Sessions ?? 0;
        var seconds = t?.Seconds ?? 0;
        var hours = seconds / 3600;
        var activeDays = t?.ActiveDays ?? 0;
        var score = 0.4 * Math.Min(100, sessions) + 0.4 * Math.Min(100, hours) + 0.2 * Math.Min(100, activeDays / 30.0 * 100);
        return new EngagementRow(
            id, username, sessions,
            AnalyticsWindow.Round2(hours),
            sessions == 0 ? 0 : AnalyticsWindow.Round2(seconds / sessions / 60),
            activeDays,
            lastActive,
            AnalyticsWindow.Round2(score),
            AnalyticsWindow.Round2(Math.Min(1, (t?.DistinctChannels ?? 0) / 50.0)),
            sessions == 0 ? 0 : AnalyticsWindow.Round2(100.0 * t!.Completed / sessions));
    }

    /// <summary>
    /// The whole list: per-user aggregates computed by the database (counts, sums, distinct days and channels); only the
    /// sessions without a duration (open ones) come back row by row. Rolled-up days are merged in memory.
    /// </summary>
    private async Task<Dictionary<Guid, Tally>> AggregateAsync(int days, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = AnalyticsWindow.Since(now, days);
        var sessions = db.Set<ViewingSession>().AsNoTracking().Where(s => s.StartedAt >= since);
        var sinceDay = since.Date;
        var hasRollups = await db.Set<SessionRollup>().AnyAsync(r => r.UserId != null && r.Day >= sinceDay, cancellationToken);
        if (hasRollups)
        {
            // Distinct days and channels must be counted across raw and rolled-up rows: the row-by-row path does that.
            return await TallyAsync(null, days, daily: false, cancellationToken);
        }

        var totals = db.Database.IsNpgsql()
            ? await PerUserTotalsPostgresAsync(since, cancellationToken)
            : await sessions.GroupBy(s => s.UserId).Select(g => new UserTotals
            {
                UserId = g.Key,
                Sessions = g.Count(),
                Seconds = g.Sum(s => s.DurationSeconds ?? 0),
                Completed = g.Count(s => s.Completed),
                ActiveDays = g.Select(s => s.StartedAt.Date).Distinct().Count(),
                Channels = g.Where(s => s.ChannelId != null).Select(s => s.ChannelId).Distinct().Count(),
            }).ToListAsync(cancellationToken);
        var untimed = await sessions.Where(s => s.DurationSeconds == null).Select(s => new { s.UserId, s.StartedAt, s.EndedAt }).ToListAsync(cancellationToken);
        var extra = untimed.GroupBy(s => s.UserId).ToDictionary(g => g.Key, g => g.Sum(s => AnalyticsWindow.Seconds(null, s.StartedAt, s.EndedAt, now)));
        return totals.ToDictionary(t => t.UserId, t => Tally.Of(t.Sessions, t.Seconds + extra.GetValueOrDefault(t.UserId), t.Completed, t.ActiveDays, t.Channels));
    }

    /// <summary>Per-user totals of the window; column names are the snake_case ones of the query below.</summary>
    private sealed class UserTotals
    {
        public Guid UserId { get; set; }

        public int Sessions { get; set; }

        public double Seconds { get; set; }

        public int Completed { get; set; }

        public int ActiveDays { get; set; }

        public int Channels { get; set; }
    }

    /// <summary>
    /// The same totals as the LINQ GROUP BY, computed per user with a LATERAL subquery: each user is one range in the
    /// covering (user_id, started_at, channel_id, duration_seconds, completed) index, already in order, so PostgreSQL
    /// reads the window index-only and never sorts the whole window by user (at 10M sessions, ~800k rows in 30 days,
    /// that sort spilled to disk and took most of the 6 s). Days are UTC dates; the cast to date measured ~30% faster than
    /// <c>date_trunc('day', …, 'UTC')</c>, which is what EF emits for <c>DateTime.Date</c>.
    /// </summary>
    private Task<List<UserTotals>> PerUserTotalsPostgresAsync(DateTime since, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<UserTotals>($"""
            SELECT u.id AS user_id, t.sessions, t.seconds, t.completed, t.active_days, t.channels
            FROM users AS u
            CROSS JOIN LATERAL (
                SELECT COUNT(*)::int AS sessions,
                       COALESCE(SUM(COALESCE(v.duration_seconds, 0)), 0) AS seconds,
                       COUNT(*) FILTER (WHERE v.completed)::int AS completed,
                       COUNT(DISTINCT (v.started_at AT TIME ZONE 'UTC')::date)::int AS active_days,
                       COUNT(DISTINCT v.channel_id)::int AS channels
                FROM viewing_sessions AS v
                WHERE v.user_id = u.id AND v.started_at >= {since}
            ) AS t
            WHERE t.sessions > 0
            """).ToListAsync(cancellationToken);

    private async Task<Dictionary<Guid, Tally>> TallyAsync(Guid? userId, int days, bool daily, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = AnalyticsWindow.Since(now, days);
        var tallies = new Dictionary<Guid, Tally>();
        Tally For(Guid id) => tallies.TryGetValue(id, out var t) ? t : tallies[id] = new Tally();

        var sessions = db.Set<ViewingSession>().AsNoTracking().Where(s => s.StartedAt >= since);
        if (userId is { } one)
        {
            sessions = sessions.Where(s => s.UserId == one);
        }

        await foreach (var s in sessions
            .Select(s => new { s.UserId, s.ChannelId, s.StartedAt, s.EndedAt, s.DurationSeconds, s.Completed })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            For(s.UserId).Add(DateOnly.FromDateTime(s.StartedAt), s.ChannelId, 1, AnalyticsWindow.Seconds(s.DurationSeconds, s.StartedAt, s.EndedAt, now), s.Completed ? 1 : 0, daily);
        }

        // Rolled-up days: a rollup holds whole UTC days, so the window takes the days from the one holding `since`.
        var sinceDay = since.Date;
        var rollups = db.Set<SessionRollup>().AsNoTracking().Where(r => r.UserId != null && r.Day >= sinceDay);
        if (userId is { } only)
        {
            rollups = rollups.Where(r => r.UserId == only);
        }

        await foreach (var r in rollups.Select(r => new { r.UserId, r.Day, r.ChannelId, r.Sessions, r.Seconds, r.Completed }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            For(r.UserId!.Value).Add(DateOnly.FromDateTime(r.Day), r.ChannelId, r.Sessions, r.Seconds, r.Completed, daily);
        }

        return tallies;
    }

    /// <summary>
    /// The latest <c>started_at</c> of each user, ever (raw sessions and rollups). One query with a correlated MAX per
    /// user, which both databases answer with one seek in the (user_id, started_at) index each; a GROUP BY over the
    /// whole table would read every session ever (10M rows in the benchmark) for this one column.
    /// </summary>
    private async Task<Dictionary<Guid, DateTime>> LastActiveAsync(Guid? userId, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking();
        if (userId is { } one)
        {
            users = users.Where(u => u.Id == one);
        }

        var last = await users.Select(u => new
        {
            u.Id,
            Raw = db.Set<ViewingSession>().Where(s => s.UserId == u.Id).Max(s => (DateTime?)s.StartedAt),
            Rolled = db.Set<SessionRollup>().Where(r => r.UserId == u.Id).Max(r => (DateTime?)r.LastStartedAt),
        }).ToListAsync(cancellationToken);
        var result = new Dictionary<Guid, DateTime>();
        foreach (var l in last)
        {
            if ((l.Raw > l.Rolled || l.Rolled is null ? l.Raw : l.Rolled) is { } latest)
            {
                result[l.Id] = latest;
            }
        }

        return result;
    }
}
