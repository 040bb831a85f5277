using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Channels;

/// <summary>
/// Puts new provider streams into channels (tvg-id, then exact normalised name + region + variant, then fuzzy;
/// see README.md) and keeps each channel's failover order: healthy before dead, then observed reliability, then
/// better quality, then the provider's priority (<see cref="FailoverOrder"/>). Links an admin placed by hand are never moved.
/// </summary>
internal sealed class ChannelMerge(AppDbContext db, BulkWriter bulk, TimeProvider time, IConfiguration configuration, ILogger<ChannelMerge> logger)
{
    private const int Batch = 2000;

    public async Task AssignAsync(long providerId, IReadOnlyList<long> streamIds, CancellationToken cancellationToken)
    {
        if (streamIds.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var clock = time.GetTimestamp();
        var timings = new List<string>();
        void Lap(string name)
        {
            timings.Add($"{name} {time.GetElapsedTime(clock).TotalSeconds:F2}s");
            clock = time.GetTimestamp();
        }

        // New streams all belong to one provider: read that provider's rows once instead of thousands of id lists.
        var wanted = streamIds.ToHashSet();
        var streams = (await db.Set<ProviderStream>().AsNoTracking().Where(s => s.ProviderId == providerId && s.RemovedAt == null)
            .Select(s => new StreamFacts(s.Id, s.Name, s.TvgId, s.GroupTitle, s.Logo, s.Number, s.Status, s.QualityScore))
            .ToListAsync(cancellationToken))
            .Where(s => wanted.Contains(s.Id)).ToList();
        var linkedQuery = db.Set<ChannelStream>().Where(cs => db.Set<ProviderStream>().Any(s => s.Id == cs.ProviderStreamId && s.ProviderId == providerId));
        var linked = (await linkedQuery.Select(cs => cs.ProviderStreamId).ToListAsync(cancellationToken)).Where(wanted.Contains).ToHashSet();
        // Streams that come back rejoin their old channel.
        await linkedQuery.Where(cs => !cs.IsActive && db.Set<ProviderStream>().Any(s => s.Id == cs.ProviderStreamId && s.RemovedAt == null))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, true), cancellationToken);
        Lap("load streams");
        var channels = await db.Set<Channel>().AsNoTracking()
            .Select(c => new ChannelCandidate(c.Id, new ChannelIdentity(c.NormalizedName, c.Region, c.Variant, c.Name), c.EpgChannelId))
            .ToListAsync(cancellationToken);
        var threshold = configuration.GetValue("Channels:FuzzyThreshold", 90.0);
        var index = new ChannelIndex(channels, threshold);
        var created = new Dictionary<long, Channel>();
        var assignments = new List<(StreamFacts Stream, long ChannelRef, string Method, double Confidence)>();
        long nextTemp = -1;
        // Name analysis is pure and independent per stream: spread it over the cores; matching stays sequential.
        var pending = streams.Where(s => !linked.Contains(s.Id)).ToList();
        var identities = pending.AsParallel().AsOrdered().Select(s => ChannelNames.Identify(s.Name)).ToList();
        for (var i = 0; i < pending.Count; i++)
        {
            var stream = pending[i];
            var identity = identities[i];
            var match = index.FindMatch(identity, stream.TvgId);
            if (match is not null)
            {
                var method = !string.IsNullOrEmpty(stream.TvgId) && string.Equals(stream.TvgId, match.EpgChannelId, StringComparison.OrdinalIgnoreCase) ? "tvg_id"
                    : match.Identity.NormalizedName == identity.NormalizedName ? "exact" : "fuzzy";
                var confidence = method == "fuzzy" ? ChannelNames.Similarity(identity.NormalizedName, match.Identity.NormalizedName) : 100;
                if (method == "fuzzy" && confidence < threshold)
                {
                    match = null;
                }
                else
                {
                    assignments.Add((stream, match.ChannelId, method, confidence));
                    continue;
                }
            }

            var channel = new Channel
            {
                Name = string.IsNullOrWhiteSpace(identity.DisplayName) ? stream.Name : identity.DisplayName,
                NormalizedName = identity.NormalizedName,
                Region = identity.Region,
                Variant = identity.Variant,
                GroupTitle = stream.GroupTitle,
                Logo = stream.Logo,
                EpgChannelId = stream.TvgId,
                Number = stream.Number,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var temp = nextTemp--;
            created[temp] = channel;
            index.Add(new ChannelCandidate(temp, identity, stream.TvgId));
            assignments.Add((stream, temp, "new", 100));
        }

        SyncMemory.Release(pending.Count, returnToSystem: true);
        Lap("match");
        var ids = await bulk.ReserveIdsAsync<Channel>(created.Count, cancellationToken);
        var position = 0;
        foreach (var channel in created.Values)
        {
            channel.Id = ids[position++];
        }

        await bulk.InsertAsync(created.Values, withKeys: true, cancellationToken);

        // New channels get their failover order right away (healthy, then quality); only existing channels
        // that received streams are re-ordered against what they already hold.
        var reorder = new HashSet<long>();
        var newLinks = new List<ChannelStream>(assignments.Count);
        foreach (var group in assignments.GroupBy(a => a.ChannelRef))
        {
            var channelId = group.Key < 0 ? created[group.Key].Id : group.Key;
            if (group.Key >= 0)
            {
                reorder.Add(channelId);
            }

            var order = group.Key < 0 ? 0 : 1000;
            foreach (var (stream, _, method, confidence) in group
                .OrderBy(a => FailoverOrder.StatusRank(a.Stream.Status)).ThenByDescending(a => a.Stream.QualityScore).ThenBy(a => a.Stream.Id))
            {
                newLinks.Add(new ChannelStream
                {
                    ChannelId = channelId,
                    ProviderStreamId = stream.Id,
                    Order = order++,
                    IsActive = true,
                    MergeMethod = method,
                    MergeConfidence = Math.Round(confidence, 2),
                });
            }
        }

        await bulk.InsertAsync(newLinks, withKeys: false, cancellationToken);
        Lap("insert");
        await ReorderAsync(reorder, cancellationToken);
        Lap($"reorder {reorder.Count}");
        logger.LogInformation("Merged {Streams} streams: {Created} new channels ({Timings})", assignments.Count, created.Count, string.Join(", ", timings));
    }

    /// <summary>What the merge needs of a stream (not its URL or attributes: 100k of those are a lot of memory).</summary>
    private sealed record StreamFacts(long Id, string Name, string? TvgId, string? GroupTitle, string? Logo, int? Number, string Status, int QualityScore);

    /// <summary>Streams gone from their provider stay linked (history keeps its references) but leave the failover order.</summary>
    public async Task DeactivateAsync(IReadOnlyList<long> streamIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in streamIds.Chunk(Batch))
        {
            await db.Set<ChannelStream>().Where(cs => chunk.Contains(cs.ProviderStreamId))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false), cancellationToken);
        }
    }

    /// <summary>Recomputes the failover order of the given channels; manual placements keep their positions.</summary>
    public async Task ReorderAsync(IReadOnlyCollection<long> channelIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in channelIds.Chunk(Batch))
        {
            var rows = await (
                from cs in db.Set<ChannelStream>()
                join s in db.Set<ProviderStream>() on cs.ProviderStreamId equals s.Id
                join p in db.Set<Provider>() on s.ProviderId equals p.Id
                where chunk.Contains(cs.ChannelId)
                select new { Link = cs, s.Status, s.QualityScore, p.Priority, s.RemovedAt, s.SuccessRate, s.RecentFailovers, s.AvgFirstByteMs }).ToListAsync(cancellationToken);
            foreach (var group in rows.GroupBy(r => r.Link.ChannelId))
            {
                if (group.Any(r => r.Link.Manual))
                {
                    var order = group.Max(r => r.Link.Manual ? r.Link.Order : 0);
                    foreach (var r in group.Where(r => !r.Link.Manual).OrderBy(r => r.Link.Order))
                    {
                        r.Link.Order = ++order;
                    }

                    continue;
                }

                // The rule is FailoverOrder's (and Features/Providers/README.md): removed last; alive/unknown, degraded,
                // dead; success-rate bucket (no checks yet = best bucket); fewer failovers caused; better quality;
                // higher provider priority; faster first byte (100 ms steps); oldest link.
                var position = 0;
                foreach (var r in group
                    .OrderBy(r => r.RemovedAt is null ? 0 : 1)
                    .ThenBy(r => FailoverOrder.StatusRank(r.Status))
                    .ThenBy(r => FailoverOrder.ReliabilityRank(r.SuccessRate))
                    .ThenBy(r => r.RecentFailovers)
                    .ThenByDescending(r => r.QualityScore)
                    .ThenByDescending(r => r.Priority)
                    .ThenBy(r => FailoverOrder.FirstByteRank(r.AvgFirstByteMs))
                    .ThenBy(r => r.Link.Id))
                {
                    r.Link.Order = position++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }
}
