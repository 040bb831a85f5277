using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Analytics;

public sealed record LiveChannel(long Id, string Name, int Viewers);

public sealed record LiveStreamHealth(int Alive, int Dead, int Unknown);

/// <summary>The live dashboard payload of design.md §6.</summary>
public sealed record LiveSnapshot(int ActiveViewers, IReadOnlyList<LiveChannel> MostWatched, LiveStreamHealth StreamHealth, DateTime Timestamp);

/// <summary>
/// Computes one live snapshot with three aggregate queries: open sessions (closed by the sweeper after two minutes
/// without a sign of life, so the count is true), the five channels with most open sessions, and streams by status.
/// </summary>
public sealed class LiveSnapshotQuery(AppDbContext db, TimeProvider time)
{
    public async Task<LiveSnapshot> ComputeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var open = db.Set<ViewingSession>().AsNoTracking().Where(s => s.EndedAt == null);
        var active = await open.CountAsync(cancellationToken);
        var top = await (
            from g in open.Where(s => s.ChannelId != null).GroupBy(s => s.ChannelId!.Value).Select(g => new { ChannelId = g.Key, Viewers = g.Count() })
            join c in db.Set<Channel>() on g.ChannelId equals c.Id
            orderby g.Viewers descending, c.Id
            select new LiveChannel(c.Id, c.Name, g.Viewers)).Take(5).ToListAsync(cancellationToken);
        var health = await db.Set<ProviderStream>().AsNoTracking().GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Of(string status) => health.Where(h => h.Key == status).Sum(h => h.Count);
        return new LiveSnapshot(active, top, new LiveStreamHealth(Of(StreamStatus.Alive), Of(StreamStatus.Dead), Of(StreamStatus.Unknown)), now);
    }
}
