using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Analytics;

public sealed record CapacityDay(DateOnly Date, int PeakConcurrent, int Refused, int Failovers);

public sealed record CapacityHour(DateTime Hour, int PeakConcurrent);

public sealed record ProviderCapacity(
    long ProviderId, string ProviderName, int MaxConnections, int PeakConcurrent, int HoursAtLimit, int Refused, int Failovers,
    IReadOnlyList<CapacityDay> Daily, IReadOnlyList<CapacityHour> Hourly);

/// <summary>
/// Per provider account: the peak of upstream connections in use per hour and per day (from the per-minute usage
/// samples of the playback events) against its max_connections, and how often viewers were refused or failed over.
/// Every provider appears, idle ones with zeros.
/// </summary>
public sealed class ProviderCapacityReport(AppDbContext db, TimeProvider time)
{
    public async Task<List<ProviderCapacity>> ComputeAsync(int days, CancellationToken cancellationToken)
    {
        var since = AnalyticsWindow.Since(time.GetUtcNow().UtcDateTime, days);
        var providers = await db.Set<Provider>().AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.Name, p.MaxConnections }).ToListAsync(cancellationToken);
        var events = await db.Set<PlaybackEvent>().AsNoTracking().Where(e => e.At >= since)
            .Select(e => new { e.ProviderId, e.At, e.Kind, e.InUse }).ToListAsync(cancellationToken);
        var byProvider = events.ToLookup(e => e.ProviderId);
        return [.. providers.Select(p =>
        {
            var of = byProvider[p.Id].ToList();
            var usage = of.Where(e => e.Kind is PlaybackEventKinds.Usage).ToList();
            var hourly = usage.GroupBy(e => new DateTime(e.At.Year, e.At.Month, e.At.Day, e.At.Hour, 0, 0, DateTimeKind.Utc))
                .Select(g => new CapacityHour(g.Key, g.Max(e => e.InUse))).OrderBy(h => h.Hour).ToList();
            var daily = of.GroupBy(e => DateOnly.FromDateTime(e.At)).OrderBy(g => g.Key)
                .Select(g => new CapacityDay(g.Key,
                    g.Where(e => e.Kind == PlaybackEventKinds.Usage).Select(e => e.InUse).DefaultIfEmpty(0).Max(),
                    g.Count(e => e.Kind == PlaybackEventKinds.Refused),
                    g.Count(e => e.Kind == PlaybackEventKinds.Failover)))
                .ToList();
            return new ProviderCapacity(
                p.Id, p.Name, p.MaxConnections, hourly.Select(h => h.PeakConcurrent).DefaultIfEmpty(0).Max(),
                hourly.Count(h => h.PeakConcurrent >= p.MaxConnections),
                of.Count(e => e.Kind == PlaybackEventKinds.Refused), of.Count(e => e.Kind == PlaybackEventKinds.Failover), daily, hourly);
        })];
    }
}
