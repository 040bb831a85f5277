using System.Globalization;
using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Epg;

public sealed record EpgMappingStats(int Channels, int Manual, int ByTvgId, int ByName, int ByFuzzy, int Unmapped)
{
    public int Mapped => Manual + ByTvgId + ByName + ByFuzzy;

    /// <summary>Share of channels mapped without a hand, 0–100.</summary>
    public double AutomaticPercent => Channels == 0 ? 0 : Math.Round(100.0 * (ByTvgId + ByName + ByFuzzy) / Channels, 1);
}

public sealed record EpgSuggestion(long EpgChannelId, long SourceId, string XmltvId, string DisplayName, double Score);

/// <summary>
/// Automatic mapping of channels to guide channels (rules in README.md): tvg-id exact (case-insensitive), then
/// the channel normaliser's name + region + variant, then fuzzy similarity ≥ <see cref="EpgOptions.FuzzyThreshold"/>.
/// Manual mappings are never touched.
/// </summary>
internal sealed class EpgMapper(AppDbContext db, IOptionsMonitor<EpgOptions> options, TimeProvider time)
{
    private sealed record GuideRow(long Id, long SourceId, string XmltvId, string DisplayNames);

    private sealed record StreamHint(long ChannelId, string? TvgId, string? TvgName, string Attributes);

    public async Task<EpgMappingStats> AutoMapAsync(CancellationToken cancellationToken)
    {
        var guide = await GuideAsync(cancellationToken);
        var byXmltvId = new Dictionary<string, GuideRow>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in guide)
        {
            byXmltvId.TryAdd(row.XmltvId.Trim(), row);
        }

        var index = new ChannelIndex(guide.SelectMany(g => Names(g).Select(n => new ChannelCandidate(g.Id, ChannelNames.Identify(n), null))),
            options.CurrentValue.FuzzyThreshold);
        var channels = await db.Set<Channel>().AsNoTracking()
            .Select(c => new { c.Id, c.Name, c.NormalizedName, c.Region, c.Variant, c.EpgChannelId }).ToListAsync(cancellationToken);
        var hints = (await (from cs in db.Set<ChannelStream>()
                            join s in db.Set<ProviderStream>() on cs.ProviderStreamId equals s.Id
                            where cs.IsActive && s.RemovedAt == null
                            orderby cs.ChannelId, cs.Order
                            select new StreamHint(cs.ChannelId, s.TvgId, s.TvgName, s.Attributes)).ToListAsync(cancellationToken))
            .ToLookup(h => h.ChannelId);
        var mappings = await db.Set<ChannelEpgMapping>().ToDictionaryAsync(m => m.ChannelId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        int manual = 0, byTvg = 0, byName = 0, byFuzzy = 0, unmapped = 0;
        foreach (var channel in channels)
        {
            mappings.TryGetValue(channel.Id, out var mapping);
            if (mapping is { Manual: true })
            {
                manual++;
                continue;
            }

            var streams = hints[channel.Id].ToList();
            (long Id, string Method, double Score)? match = null;
            foreach (var tvgId in new[] { channel.EpgChannelId }.Concat(streams.Select(s => s.TvgId)))
            {
                if (!string.IsNullOrWhiteSpace(tvgId) && byXmltvId.TryGetValue(tvgId.Trim(), out var row))
                {
                    match = (row.Id, "tvg_id", 100);
                    break;
                }
            }

            if (match is null)
            {
                var identities = new List<ChannelIdentity> { new(channel.NormalizedName, channel.Region, channel.Variant, channel.Name) };
                identities.AddRange(streams.Where(s => !string.IsNullOrWhiteSpace(s.TvgName)).Select(s => ChannelNames.Identify(s.TvgName!)));
                foreach (var identity in identities)
                {
                    if (index.FindMatch(identity, null) is { } candidate)
                    {
                        var exact = candidate.Identity.NormalizedName == identity.NormalizedName;
                        var score = exact ? 100 : Math.Round(ChannelNames.Similarity(identity.NormalizedName, candidate.Identity.NormalizedName), 1);
                        if (match is null || score > match.Value.Score)
                        {
                            match = (candidate.ChannelId, exact ? "name" : "fuzzy", score);
                        }

                        if (exact)
                        {
                            break;
                        }
                    }
                }
            }

            if (match is not { } found)
            {
                unmapped++;
                if (mapping is not null)
                {
                    db.Remove(mapping);
                }

                continue;
            }

            switch (found.Method)
            {
                case "tvg_id": byTvg++; break;
                case "name": byName++; break;
                default: byFuzzy++; break;
            }

            var shift = streams.Select(s => ShiftMinutes(s.Attributes)).FirstOrDefault(s => s is not null) ?? 0;
            if (mapping is null)
            {
                db.Add(new ChannelEpgMapping { ChannelId = channel.Id, EpgChannelId = found.Id, Method = found.Method, Score = found.Score, ShiftMinutes = shift, UpdatedAt = now });
            }
            else if (mapping.EpgChannelId != found.Id || mapping.Method != found.Method || mapping.Score != found.Score || mapping.ShiftMinutes != shift)
            {
                mapping.EpgChannelId = found.Id;
                mapping.Method = found.Method;
                mapping.Score = found.Score;
                mapping.ShiftMinutes = shift;
                mapping.UpdatedAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new EpgMappingStats(channels.Count, manual, byTvg, byName, byFuzzy, unmapped);
    }

    /// <summary>The best guide channels for a channel name, by similarity (at most <paramref name="count"/>, score ≥ 50).</summary>
    public async Task<Func<string, IReadOnlyList<EpgSuggestion>>> SuggesterAsync(int count, CancellationToken cancellationToken)
    {
        var guide = (await GuideAsync(cancellationToken))
            .SelectMany(g => Names(g).Select(n => (Row: g, Name: n, Normalized: ChannelNames.Identify(n).NormalizedName)))
            .ToList();
        return name =>
        {
            var normalized = ChannelNames.Identify(name).NormalizedName;
            return guide.Select(g => (g.Row, g.Name, Score: Math.Round(ChannelNames.Similarity(normalized, g.Normalized), 1)))
                .Where(g => g.Score >= 50)
                .OrderByDescending(g => g.Score)
                .DistinctBy(g => g.Row.Id)
                .Take(count)
                .Select(g => new EpgSuggestion(g.Row.Id, g.Row.SourceId, g.Row.XmltvId, g.Name, g.Score))
                .ToList();
        };
    }

    private async Task<List<GuideRow>> GuideAsync(CancellationToken cancellationToken) =>
        await (from c in db.Set<EpgChannel>()
               join s in db.Set<EpgSource>() on c.SourceId equals s.Id
               where s.Enabled && !s.Dismissed
               orderby s.Priority, s.Id, c.Id
               select new GuideRow(c.Id, c.SourceId, c.XmltvId, c.DisplayNames == "" ? c.DisplayName : c.DisplayNames)).AsNoTracking().ToListAsync(cancellationToken);

    private static IEnumerable<string> Names(GuideRow row) => row.DisplayNames.Split('\u001f', StringSplitOptions.RemoveEmptyEntries);

    /// <summary><c>tvg-shift</c> is in hours (may be fractional or signed): "+2", "-1.5".</summary>
    internal static int? ShiftMinutes(string attributesJson)
    {
        if (!attributesJson.Contains("tvg-shift", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(attributesJson);
            return doc.RootElement.TryGetProperty("tvg-shift", out var value) && value.ValueKind == JsonValueKind.String
                   && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) && Math.Abs(hours) <= 24
                ? (int)Math.Round(hours * 60)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
