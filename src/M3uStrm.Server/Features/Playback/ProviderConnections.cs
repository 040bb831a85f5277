using System.Diagnostics.Metrics;
using M3uStrm.Server.Hosting;

namespace M3uStrm.Server.Features.Playback;

/// <summary>
/// Open upstream connections per provider, across every user of this process: a provider's max_connections is
/// what its subscription allows, and going over it gets the whole account refused. A shared live relay holds
/// one slot for all its viewers.
/// </summary>
public sealed class ProviderConnections : IDisposable
{
    private readonly Dictionary<long, int> inUse = [];
    private readonly Dictionary<long, (int Peak, int Max)> peaks = [];
    private readonly Lock gate = new();
    private readonly Meter meter = new(Telemetry.MeterName);
    private readonly Counter<long> refused;
    private readonly Counter<long> failovers;

    public ProviderConnections()
    {
        refused = meter.CreateCounter<long>("m3ustrm.playback.refused", description: "Playbacks refused because every provider connection was in use");
        failovers = meter.CreateCounter<long>("m3ustrm.playback.failovers", description: "Switches to the next stream after an upstream failed");
        meter.CreateObservableGauge("m3ustrm.playback.upstream_connections", () => InUseTotal, description: "Open upstream connections");
    }

    public int InUseTotal
    {
        get
        {
            lock (gate)
            {
                return inUse.Values.Sum();
            }
        }
    }

    public int InUse(long providerId)
    {
        lock (gate)
        {
            return inUse.GetValueOrDefault(providerId);
        }
    }

    public bool HasRoom(long providerId, int max)
    {
        lock (gate)
        {
            return inUse.GetValueOrDefault(providerId) < Math.Max(1, max);
        }
    }

    /// <summary>Takes a slot of the provider, or null when all <paramref name="max"/> are in use.</summary>
    public IDisposable? TryAcquire(long providerId, int max)
    {
        lock (gate)
        {
            var used = inUse.GetValueOrDefault(providerId);
            if (used >= Math.Max(1, max))
            {
                return null;
            }

            inUse[providerId] = used + 1;
            var peak = peaks.GetValueOrDefault(providerId);
            peaks[providerId] = (Math.Max(peak.Peak, used + 1), max);
        }

        return new Lease(this, providerId);
    }

    /// <summary>The most connections in use per provider since the last call (then starts over from the current counts).</summary>
    public IReadOnlyList<(long ProviderId, int Peak, int Max)> TakePeaks()
    {
        lock (gate)
        {
            var result = peaks.Select(p => (p.Key, p.Value.Peak, p.Value.Max)).ToList();
            peaks.Clear();
            foreach (var (providerId, used) in inUse)
            {
                peaks[providerId] = (used, result.Find(r => r.Key == providerId).Max);
            }

            return result;
        }
    }

    public void CountRefused(string kind) => refused.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void CountFailover() => failovers.Add(1);

    public void Dispose() => meter.Dispose();

    private void Release(long providerId)
    {
        lock (gate)
        {
            var used = inUse.GetValueOrDefault(providerId) - 1;
            if (used <= 0)
            {
                inUse.Remove(providerId);
            }
            else
            {
                inUse[providerId] = used;
            }
        }
    }

    private sealed class Lease(ProviderConnections owner, long providerId) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                owner.Release(providerId);
            }
        }
    }
}
