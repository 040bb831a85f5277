using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Analytics;

public sealed record StatsTotals(int Sessions, double Hours, int Completed, int ActiveUsers, int ChannelsWatched);

public sealed record StatsDay(DateOnly Date, int Sessions, double Hours, int ActiveUsers, int PeakConcurrent);

public sealed record StatsItem(long Id, string Kind, string Name, int Sessions, double Hours);

public sealed record StatsGroup(string Key, string Name, int Sessions, double Hours);

public sealed record MyStats(int Days, StatsTotals Totals, IReadOnlyList<StatsItem> TopChannels, IReadOnlyList<StatsItem> TopVod, IReadOnlyList<StatsDay> Daily);

public sealed record AdminStats(
    int Days, StatsTotals Totals, IReadOnlyList<StatsDay> Daily, IReadOnlyList<StatsItem> TopChannels, IReadOnlyList<StatsItem> TopVod,
    IReadOnlyList<StatsGroup> ByProvider, IReadOnlyList<StatsGroup> ByClient);

/// <summary>
/// Viewing statistics of the window: one pass over a narrow projection of the raw sessions plus the daily rollups of
/// days no longer stored raw. Days are UTC dates of <c>started_at</c>. Peak concurrency, providers and client apps
/// need the raw sessions (rollups keep neither times, streams nor clients).
/// </summary>
public sealed class ViewingStats(AppDbContext db, TimeProvider time)
{
    private const int Top = 10;

    private sealed record Row(Guid? UserId, long? ChannelId, long? VodItemId, long? EpisodeId, long? StreamId, DateTime StartedAt, DateTime? End, int Sessions, double Seconds, int Completed, string? Client);

    public async Task<MyStats> ForUserAsync(Guid userId, int days, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync(userId, days, cancellationToken);
        var (channels, vod) = await TopAsync(rows, cancellationToken);
        return new MyStats(days, Totals(rows), channels, vod, Daily(rows, withPeaks: false));
    }

    public async Task<AdminStats> ForEveryoneAsync(int days, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync(null, days, cancellationToken);
        var (channels, vod) = await TopAsync(rows, cancellationToken);

        var streamIds = rows.Where(r => r.StreamId != null).Select(r => r.StreamId!.Value).Distinct().ToList();
        var movieIds = rows.Where(r => r.VodItemId != null).Select(r => r.VodItemId!.Value).Distinct().ToList();
        var streamProvider = await db.Set<ProviderStream>().AsNoTracking().Where(s => streamIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.ProviderId, cancellationToken);
        var movieProvider = await db.Set<VodItem>().AsNoTracking().Where(v => movieIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.ProviderId, cancellationToken);
        var providers = await db.Set<Provider>().AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var byProvider = rows
            .Select(r => (Row: r, Provider: r.StreamId is { } s && streamProvider.TryGetValue(s, out var p) ? p : r.VodItemId is { } v && movieProvider.TryGetValue(v, out var q) ? q : (long?)null))
            .Where(x => x.Provider is not null)
            .GroupBy(x => x.Provider!.Value)
            .Select(g => new StatsGroup(g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), providers.GetValueOrDefault(g.Key) ?? "", g.Sum(x => x.Row.Sessions), AnalyticsWindow.Round2(g.Sum(x => x.Row.Seconds) / 3600)))
            .OrderByDescending(g => g.Sessions).ToList();
        var byClient = rows.Where(r => r.End is not null)
            .GroupBy(r => ClientApp(r.Client))
            .Select(g => new StatsGroup(g.Key, g.Key, g.Sum(r => r.Sessions), AnalyticsWindow.Round2(g.Sum(r => r.Seconds) / 3600)))
            .OrderByDescending(g => g.Sessions).ToList();
        return new AdminStats(days, Totals(rows), Daily(rows, withPeaks: true), channels, vod, byProvider, byClient);
    }

    /// <summary>The product of a user agent or client name: <c>VLC/3.0.20 LibVLC/3.0.20</c> → <c>VLC</c>.</summary>
    internal static string ClientApp(string? client)
    {
        if (string.IsNullOrWhiteSpace(client))
        {
            return "unknown";
        }

        var end = client.IndexOfAny(['/', ' ', '(', ';']);
        var name = (end > 0 ? client[..end] : client).Trim();
        return name.Length == 0 ? "unknown" : name;
    }

    private async Task<List<Row>> RowsAsync(Guid? userId, int days, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = AnalyticsWindow.Since(now, days);
        var sessions = db.Set<ViewingSession>().AsNoTracking().Where(s => s.StartedAt >= since);
        var rollups = db.Set<SessionRollup>().AsNoTracking().Where(r => r.Day >= since.Date);
        if (userId is { } one)
        {
            sessions = sessions.Where(s => s.UserId == one);
            rollups = rollups.Where(r => r.UserId == one);
        }

        var rows = new List<Row>();
        await foreach (var s in sessions.Select(s => new { s.UserId, s.ChannelId, s.VodItemId, s.EpisodeId, s.StreamId, s.StartedAt, s.EndedAt, s.DurationSeconds, s.Completed, s.Client })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            rows.Add(new Row(s.UserId, s.ChannelId, s.VodItemId, s.EpisodeId, s.StreamId, s.StartedAt, s.EndedAt ?? now, 1,
                AnalyticsWindow.Seconds(s.DurationSeconds, s.StartedAt, s.EndedAt, now), s.Completed ? 1 : 0, s.Client));
        }

        await foreach (var r in rollups.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            // No times: End = null keeps rolled-up days out of the concurrency sweep.
            rows.Add(new Row(r.UserId, r.ChannelId, r.VodItemId, r.EpisodeId, null, r.Day, null, r.Sessions, r.Seconds, r.Completed, null));
        }

        return rows;
    }

    private static StatsTotals Totals(List<Row> rows) => new(
        rows.Sum(r => r.Sessions), AnalyticsWindow.Round2(rows.Sum(r => r.Seconds) / 3600), rows.Sum(r => r.Completed),
        rows.Where(r => r.UserId != null).Select(r => r.UserId).Distinct().Count(), rows.Where(r => r.ChannelId != null).Select(r => r.ChannelId).Distinct().Count());

    private static List<StatsDay> Daily(List<Row> rows, bool withPeaks)
    {
        var peaks = withPeaks ? PeakConcurrent(rows) : [];
        var byDay = rows.GroupBy(r => DateOnly.FromDateTime(r.StartedAt)).ToDictionary(g => g.Key, g => g.ToList());
        return [.. byDay.Keys.Union(peaks.Keys).Order().Select(day =>
        {
            var of = byDay.GetValueOrDefault(day) ?? [];
            return new StatsDay(day, of.Sum(r => r.Sessions), AnalyticsWindow.Round2(of.Sum(r => r.Seconds) / 3600),
                of.Where(r => r.UserId != null).Select(r => r.UserId).Distinct().Count(), peaks.GetValueOrDefault(day));
        })];
    }

    /// <summary>Sweep over session starts (+1) and ends (−1): the highest number of sessions open at once, per UTC day.</summary>
    internal static Dictionary<DateOnly, int> PeakConcurrent(IEnumerable<(DateTime Start, DateTime End)> intervals)
    {
        var events = new List<(DateTime At, int Delta)>();
        foreach (var (start, end) in intervals)
        {
            events.Add((start, 1));
            events.Add((end < start ? start : end, -1));
        }

        // At the same instant an end goes before a start: back-to-back sessions are not concurrent.
        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Delta.CompareTo(b.Delta));
        var peaks = new Dictionary<DateOnly, int>();
        var open = 0;
        DateOnly? day = null;
        foreach (var (at, delta) in events)
        {
            var today = DateOnly.FromDateTime(at);
            if (day is { } previous && open > 0)
            {
                // Sessions open across midnight count on every day they span.
                for (var d = previous.AddDays(1); d <= today; d = d.AddDays(1))
                {
                    peaks[d] = Math.Max(peaks.GetValueOrDefault(d), open);
                }
            }

            day = today;
            open += delta;
            peaks[today] = Math.Max(peaks.GetValueOrDefault(today), open);
        }

        return peaks;
    }

    private static Dictionary<DateOnly, int> PeakConcurrent(List<Row> rows) =>
        PeakConcurrent(rows.Where(r => r.End is not null).Select(r => (r.StartedAt, r.End!.Value)));

    private async Task<(List<StatsItem> Channels, List<StatsItem> Vod)> TopAsync(List<Row> rows, CancellationToken cancellationToken)
    {
        var channels = rows.Where(r => r.ChannelId != null).GroupBy(r => r.ChannelId!.Value)
            .Select(g => (Id: g.Key, Sessions: g.Sum(r => r.Sessions), Seconds: g.Sum(r => r.Seconds)))
            .OrderByDescending(c => c.Sessions).ThenByDescending(c => c.Seconds).ThenBy(c => c.Id).Take(Top).ToList();
        var movies = rows.Where(r => r.VodItemId != null).GroupBy(r => (Kind: "movie", Id: r.VodItemId!.Value))
            .Concat(rows.Where(r => r.EpisodeId != null).GroupBy(r => (Kind: "episode", Id: r.EpisodeId!.Value)))
            .Select(g => (g.Key.Kind, g.Key.Id, Sessions: g.Sum(r => r.Sessions), Seconds: g.Sum(r => r.Seconds)))
            .OrderByDescending(v => v.Sessions).ThenByDescending(v => v.Seconds).ThenBy(v => v.Id).Take(Top).ToList();

        var channelIds = channels.Select(c => c.Id).ToList();
        var movieIds = movies.Where(m => m.Kind == "movie").Select(m => m.Id).ToList();
        var episodeIds = movies.Where(m => m.Kind == "episode").Select(m => m.Id).ToList();
        var channelNames = await db.Set<Channel>().AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var movieTitles = await db.Set<VodItem>().AsNoTracking().Where(v => movieIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.Title, cancellationToken);
        var episodeTitles = await db.Set<Episode>().AsNoTracking().Where(e => episodeIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Title, cancellationToken);
        return (
            [.. channels.Select(c => new StatsItem(c.Id, "channel", channelNames.GetValueOrDefault(c.Id) ?? "", c.Sessions, AnalyticsWindow.Round2(c.Seconds / 3600)))],
            [.. movies.Select(m => new StatsItem(m.Id, m.Kind, (m.Kind == "movie" ? movieTitles.GetValueOrDefault(m.Id) : episodeTitles.GetValueOrDefault(m.Id)) ?? "", m.Sessions, AnalyticsWindow.Round2(m.Seconds / 3600)))]);
    }
}
