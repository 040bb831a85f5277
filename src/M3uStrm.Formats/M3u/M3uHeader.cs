namespace M3uStrm.Formats.M3u;

/// <summary>The <c>#EXTM3U</c> line's attributes (guide URLs, shift, catch-up defaults, ...).</summary>
public sealed record M3uHeader
{
    public static M3uHeader Empty { get; } = new();

    /// <summary>False when the file had no <c>#EXTM3U</c> line at all.</summary>
    public bool Present { get; init; }

    public long Line { get; init; }

    public IReadOnlyList<M3uAttribute> Attributes { get; init; } = [];

    public string? Attribute(string key) => M3uAttributes.Find(Attributes, key);

    /// <summary><c>x-tvg-url</c>, else <c>url-tvg</c>, else <c>tvg-url</c>: one or more guide URLs separated by commas.</summary>
    public string? TvgUrl => Attribute(M3uKeys.XTvgUrl) ?? Attribute(M3uKeys.UrlTvg) ?? Attribute(M3uKeys.TvgUrl);

    public IReadOnlyList<string> TvgUrls =>
        TvgUrl?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public double? TvgShift => M3uAttributes.ParseDouble(Attribute(M3uKeys.TvgShift));
    public string? Catchup => Attribute(M3uKeys.Catchup);
    public int? CatchupDays => M3uAttributes.ParseInt(Attribute(M3uKeys.CatchupDays));
    public string? CatchupSource => Attribute(M3uKeys.CatchupSource);
}
