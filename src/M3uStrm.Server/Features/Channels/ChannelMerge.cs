using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Channels;

/// <summary>
/// Puts new provider streams into channels (tvg-id, then exact normalised name + region + variant, then fuzzy;
/// see README.md) and keeps each channel's failover order: healthy before dead, better quality first, then
/// the provider's priority. Links an admin placed by hand are never moved.
/// </summary>
internal sealed class ChannelMerge(AppDbContext db, TimeProvider time, IConfiguration configuration)
{
    private const int Batch = 2000;

    public async Task AssignAsync(IReadOnlyList<long> streamIds, CancellationToken cancellationToken)
    {
        if (streamIds.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var streams = new List<ProviderStream>(streamIds.Count);
        var linked = new HashSet<long>();
        foreach (var chunk in streamIds.Chunk(Batch))
        {
            streams.AddRange(await db.Set<ProviderStream>().AsNoTracking().Where(s => chunk.Contains(s.Id)).ToListAsync(cancellationToken));
            var links = await db.Set<ChannelStream>().Where(cs => chunk.Contains(cs.ProviderStreamId)).Select(cs => cs.ProviderStreamId).ToListAsync(cancellationToken);
            linked.UnionWith(links);
            await db.Set<ChannelStream>().Where(cs => chunk.Contains(cs.ProviderStreamId) && !cs.IsActive)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, true), cancellationToken);
        }

        var channels = await db.Set<Channel>().AsNoTracking()
            .Select(c => new ChannelCandidate(c.Id, new ChannelIdentity(c.NormalizedName, c.Region, c.Variant, c.Name), c.EpgChannelId))
            .ToListAsync(cancellationToken);
        var threshold = configuration.GetValue("Channels:FuzzyThreshold", 90.0);
        var index = new ChannelIndex(channels, threshold);
        var created = new Dictionary<long, Channel>();
        var assignments = new List<(ProviderStream Stream, long ChannelRef, string Method, double Confidence)>();
        long nextTemp = -1;
        foreach (var stream in streams.Where(s => !linked.Contains(s.Id)))
        {
            var identity = ChannelNames.Identify(stream.Name);
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

        foreach (var chunk in created.Values.Chunk(Batch))
        {
            db.AddRange(chunk);
            await db.SaveChangesAsync(cancellationToken);
        }

        var affected = new HashSet<long>();
        var nextOrder = new Dictionary<long, int>();
        foreach (var (stream, channelRef, method, confidence) in assignments)
        {
            var channelId = channelRef < 0 ? created[channelRef].Id : channelRef;
            affected.Add(channelId);
            nextOrder[channelId] = nextOrder.GetValueOrDefault(channelId, 1000) + 1;
            db.Add(new ChannelStream
            {
                ChannelId = channelId,
                ProviderStreamId = stream.Id,
                Order = nextOrder[channelId],
                IsActive = true,
                MergeMethod = method,
                MergeConfidence = Math.Round(confidence, 2),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await ReorderAsync(affected, cancellationToken);
    }

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
                select new { Link = cs, s.Status, s.QualityScore, p.Priority, s.RemovedAt }).ToListAsync(cancellationToken);
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

                var position = 0;
                foreach (var r in group
                    .OrderBy(r => r.RemovedAt is null ? 0 : 1)
                    .ThenBy(r => r.Status == StreamStatus.Dead ? 1 : 0)
                    .ThenByDescending(r => r.QualityScore)
                    .ThenByDescending(r => r.Priority)
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
