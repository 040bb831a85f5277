using System.Reflection;
using System.Text.Json;

namespace M3uStrm.Server.Tests.Channels;

/// <summary>Real channel names from the shared fixtures: #EXTINF titles of every M3U playlist and the
/// <c>name</c> (and <c>epg_channel_id</c>) of every Xtream get_live_streams.json.</summary>
internal static class ChannelFixtureNames
{
    private static readonly Lazy<IReadOnlyList<string>> AllNames = new(LoadAll);

    public static string Root { get; } =
        Environment.GetEnvironmentVariable("M3USTRM_FIXTURES") is { Length: > 0 } env
            ? env
            : typeof(ChannelFixtureNames).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .First(a => a.Key == "FixturesDirectory").Value!;

    /// <summary>Every stream name found in the M3U and Xtream fixtures (duplicates kept).</summary>
    public static IReadOnlyList<string> All => AllNames.Value;

    /// <summary>Fails the calling test when <paramref name="name"/> is not a real fixture name.</summary>
    public static string Real(string name)
    {
        Assert.Contains(name, All);
        return name;
    }

    public static IReadOnlyList<(string Name, string? EpgChannelId)> XtreamLiveStreams(string provider)
    {
        var path = Path.Combine(Root, "xtream", "tellytv-go.xtream-codes", provider, "get_live_streams.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var result = new List<(string, string?)>();
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var epg = item.TryGetProperty("epg_channel_id", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            if (name is not null)
            {
                result.Add((name, epg));
            }
        }

        return result;
    }

    private static List<string> LoadAll()
    {
        var names = new List<string>();
        var m3uRoot = Path.Combine(Root, "m3u");
        foreach (var file in Directory.EnumerateFiles(m3uRoot, "*.m3u*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (file.Contains("edge-cases-derived", StringComparison.Ordinal))
            {
                continue; // UTF-16 and CR-only copies of a list that is already included
            }

            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith("#EXTINF", StringComparison.OrdinalIgnoreCase) && Title(line) is { Length: > 0 } title)
                {
                    names.Add(title);
                }
            }
        }

        foreach (var provider in new[] { "tnt", "hellraiser", "iris" })
        {
            names.AddRange(XtreamLiveStreams(provider).Select(s => s.Name));
        }

        Assert.True(names.Count > 10_000, $"expected the fixture playlists under {Root}, found {names.Count} names");
        return names;
    }

    /// <summary>The title: everything after the first comma that is outside a quoted attribute value.</summary>
    private static string? Title(string line)
    {
        var inQuotes = false;
        var comma = -1;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (line[i] == ',' && !inQuotes)
            {
                comma = i;
                break;
            }
        }

        return comma < 0 ? null : line[(comma + 1)..].Trim();
    }
}
