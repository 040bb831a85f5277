using System.Collections.Concurrent;
using M3uStrm.Server.Data;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Playback;

/// <summary>
/// Collects refused playbacks, failovers and connection peaks per sample interval (a minute by default) in memory and writes them in one batch on the
/// session heartbeat, so the hot path never waits for the database.
/// </summary>
public sealed class PlaybackEventLog(ProviderConnections connections, IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<PlaybackOptions> options)
{
    private readonly ConcurrentQueue<PlaybackEvent> pending = new();
    private DateTime lastUsage = DateTime.MinValue;

    public void Refused(IEnumerable<Candidate> candidates, long? channelId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var candidate in candidates.DistinctBy(c => c.ProviderId))
        {
            pending.Enqueue(new PlaybackEvent
            {
                ProviderId = candidate.ProviderId,
                At = now,
                Kind = PlaybackEventKinds.Refused,
                InUse = connections.InUse(candidate.ProviderId),
                MaxConnections = candidate.MaxConnections,
                ChannelId = channelId,
            });
        }
    }

    public void Failover(Candidate candidate, long? channelId) => pending.Enqueue(new PlaybackEvent
    {
        ProviderId = candidate.ProviderId,
        At = time.GetUtcNow().UtcDateTime,
        Kind = PlaybackEventKinds.Failover,
        InUse = connections.InUse(candidate.ProviderId),
        MaxConnections = candidate.MaxConnections,
        ChannelId = channelId,
        StreamId = candidate.StreamId,
    });

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now - lastUsage >= TimeSpan.FromSeconds(options.CurrentValue.UsageSampleSeconds))
        {
            lastUsage = now;
            foreach (var (providerId, peak, max) in connections.TakePeaks().Where(p => p.Peak > 0))
            {
                pending.Enqueue(new PlaybackEvent { ProviderId = providerId, At = now, Kind = PlaybackEventKinds.Usage, InUse = peak, MaxConnections = max });
            }
        }

        if (pending.IsEmpty)
        {
            return;
        }

        var batch = new List<PlaybackEvent>();
        while (batch.Count < 5000 && pending.TryDequeue(out var item))
        {
            batch.Add(item);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.AddRange(batch);
        await db.SaveChangesAsync(cancellationToken);
    }
}
