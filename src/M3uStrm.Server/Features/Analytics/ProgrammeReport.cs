using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Features.Playback;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Analytics;

public sealed record ProgrammeWatch(long ProgrammeId, string Title, string? SubTitle, long ChannelId, string ChannelName, DateTime Start, DateTime Stop, int Sessions, int Viewers, double Hours);

public sealed record CategoryWatch(string Category, int Programmes, int Sessions, double Hours);

public sealed record ProgrammeStats(int Days, double LiveHours, double CreditedHours, IReadOnlyList<ProgrammeWatch> TopProgrammes, IReadOnlyList<CategoryWatch> Categories);

/// <summary>
/// Credits live watch time to the guide: each live session of the window is cut by the programmes on air on its
/// channel (with the channel's EPG mapping and tvg-shift), and each programme gets the overlap. Time outside any
/// programme (no guide, gaps) stays in <c>live_hours</c> but not in <c>credited_hours</c>. Raw sessions only: rolled-up
/// days keep no times.
/// </summary>
public sealed class ProgrammeReport(AppDbContext db, TimeProvider time)
{
    public async Task<ProgrammeStats> ComputeAsync(int days, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = AnalyticsWindow.Since(now, days);
        var sessions = await db.Set<ViewingSession>().AsNoTracking()
            .Where(s => s.StartedAt >= since && s.ChannelId != null)
            .Select(s => new { s.UserId, ChannelId = s.ChannelId!.Value, s.StartedAt, s.EndedAt, s.DurationSeconds })
            .ToListAsync(cancellationToken);
        var liveSeconds = sessions.Sum(s => AnalyticsWindow.Seconds(s.DurationSeconds, s.StartedAt, s.EndedAt, now));
        if (sessions.Count == 0)
        {
            return new ProgrammeStats(days, 0, 0, [], []);
        }

        var channelIds = sessions.Select(s => s.ChannelId).Distinct().ToList();
        var mappings = await db.Set<ChannelEpgMapping>().AsNoTracking().Where(m => channelIds.Contains(m.ChannelId)).ToListAsync(cancellationToken);
        var epgIds = mappings.Select(m => m.EpgChannelId).Distinct().ToList();
        var latestEnd = sessions.Max(s => s.EndedAt ?? now);
        // Shifts are at most a day either way; the margin keeps shifted programmes that overlap the window.
        var (from, to) = (since.AddDays(-2), latestEnd.AddDays(2));
        var programmes = await db.Set<Programme>().AsNoTracking()
            .Where(p => epgIds.Contains(p.EpgChannelId) && p.Stop != null && p.Start < to && p.Stop > from)
            .Select(p => new { p.Id, p.EpgChannelId, p.Start, Stop = p.Stop!.Value, p.Title, p.SubTitle, p.Categories })
            .ToListAsync(cancellationToken);
        var byEpg = programmes.GroupBy(p => p.EpgChannelId).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Start).ToList());
        var names = await db.Set<Channel>().AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);

        var credit = new Dictionary<(long Programme, long Channel), (int Sessions, HashSet<Guid> Viewers, double Seconds, DateTime Start, DateTime Stop)>();
        foreach (var s in sessions)
        {
            if (mappings.FirstOrDefault(m => m.ChannelId == s.ChannelId) is not { } mapping || !byEpg.TryGetValue(mapping.EpgChannelId, out var guide))
            {
                continue;
            }

            // The watched span: from the start for the seconds watched (a reported duration may be shorter than the wall time).
            var watched = AnalyticsWindow.Seconds(s.DurationSeconds, s.StartedAt, s.EndedAt, now);
            var (start, end) = (s.StartedAt, s.StartedAt.AddSeconds(watched));
            var shift = TimeSpan.FromMinutes(mapping.ShiftMinutes);
            foreach (var p in guide)
            {
                var (pStart, pStop) = (p.Start + shift, p.Stop + shift);
                if (pStart >= end)
                {
                    break;
                }

                var overlap = (Min(end, pStop) - Max(start, pStart)).TotalSeconds;
                if (overlap <= 0)
                {
                    continue;
                }

                var key = (p.Id, s.ChannelId);
                var c = credit.TryGetValue(key, out var existing) ? existing : (Sessions: 0, Viewers: new HashSet<Guid>(), Seconds: 0d, Start: pStart, Stop: pStop);
                c.Viewers.Add(s.UserId);
                credit[key] = (c.Sessions + 1, c.Viewers, c.Seconds + overlap, pStart, pStop);
            }
        }

        var info = programmes.ToDictionary(p => p.Id);
        var top = credit.OrderByDescending(c => c.Value.Seconds).ThenBy(c => c.Key.Programme).Take(limit)
            .Select(c => new ProgrammeWatch(c.Key.Programme, info[c.Key.Programme].Title, info[c.Key.Programme].SubTitle, c.Key.Channel, names.GetValueOrDefault(c.Key.Channel) ?? "",
                c.Value.Start, c.Value.Stop, c.Value.Sessions, c.Value.Viewers.Count, AnalyticsWindow.Round2(c.Value.Seconds / 3600)))
            .ToList();
        var categories = credit
            .SelectMany(c => (info[c.Key.Programme].Categories ?? "").Split('\u001f', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .DefaultIfEmpty("(none)").Select(category => (Category: category, c.Key.Programme, c.Value.Sessions, c.Value.Seconds)))
            .GroupBy(x => x.Category, StringComparer.OrdinalIgnoreCase)
            .Select(g => new CategoryWatch(g.Key, g.Select(x => x.Programme).Distinct().Count(), g.Sum(x => x.Sessions), AnalyticsWindow.Round2(g.Sum(x => x.Seconds) / 3600)))
            .OrderByDescending(c => c.Hours).ThenBy(c => c.Category, StringComparer.Ordinal).ToList();
        return new ProgrammeStats(days, AnalyticsWindow.Round2(liveSeconds / 3600), AnalyticsWindow.Round2(credit.Values.Sum(c => c.Seconds) / 3600), top, categories);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
