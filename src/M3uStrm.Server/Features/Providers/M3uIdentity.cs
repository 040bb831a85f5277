namespace M3uStrm.Server.Features.Providers;

/// <summary>
/// Stable keys for M3U entries, so a re-sync can tell "renamed" from "removed and added" (README.md):
/// 1. the tvg-id, when it is unique in the playlist;
/// 2. otherwise the title + group (case-insensitive), when that pair is unique;
/// 3. otherwise the URL; repeats of the same key get <c>#2</c>, <c>#3</c>... in playlist order.
/// </summary>
/// <summary>The parts of an M3U entry a sync keeps (the full entry, with every directive, is dropped after parsing).</summary>
internal sealed record M3uLine(string Title, string? Group, string? TvgId, string? TvgName, string? Logo, int? Number, string StreamUrl, string Attributes);

internal static class M3uIdentity
{
    public static IReadOnlyList<string> Keys(IReadOnlyList<M3uLine> entries)
    {
        var tvgCounts = Count(entries.Select(e => Lower(e.TvgId)));
        var nameCounts = Count(entries.Select(NameKey));
        var keys = new List<string>(entries.Count);
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var tvg = Lower(entry.TvgId);
            var key = tvg is not null && tvgCounts[tvg] == 1 ? "tvg:" + tvg
                : nameCounts[NameKey(entry)] == 1 ? "name:" + NameKey(entry)
                : "url:" + entry.StreamUrl;
            var seen = used.GetValueOrDefault(key) + 1;
            used[key] = seen;
            keys.Add(seen == 1 ? key : $"{key}#{seen}");
        }

        return keys;
    }

    private static string NameKey(M3uLine entry) => $"{entry.Title.Trim().ToLowerInvariant()}|{(entry.Group ?? "").Trim().ToLowerInvariant()}";

    private static string? Lower(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    private static Dictionary<string, int> Count(IEnumerable<string?> keys)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (key is not null)
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }
}
