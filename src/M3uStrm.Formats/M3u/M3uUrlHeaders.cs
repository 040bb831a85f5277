namespace M3uStrm.Formats.M3u;

/// <summary>Kodi's <c>url|Name=value&amp;Name2=value2</c> convention for per-stream HTTP headers.</summary>
internal static class M3uUrlHeaders
{
    public static IReadOnlyList<M3uAttribute> Parse(string? url)
    {
        if (url is null)
        {
            return [];
        }

        var bar = url.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0 || url.IndexOf('=', bar) < 0)
        {
            return [];
        }

        var result = new List<M3uAttribute>();
        foreach (var part in url[(bar + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                result.Add(new M3uAttribute(part[..eq].Trim().ToLowerInvariant(), Uri.UnescapeDataString(part[(eq + 1)..].Trim())));
            }
        }

        return result;
    }
}
