namespace M3uStrm.Formats.M3u;

/// <summary>
/// One playlist entry: the <c>#EXTINF</c> line, the directives that belong to it and its URL.
/// Everything the file said is kept (attributes in file order) so the writer can reproduce it;
/// the typed properties are views over <see cref="Attributes"/>.
/// </summary>
public sealed record M3uEntry
{
    /// <summary>Line of the <c>#EXTINF</c> (or of the URL when the entry has none).</summary>
    public long Line { get; init; }

    /// <summary>False for a bare URL line that no <c>#EXTINF</c> introduced.</summary>
    public bool HasExtInf { get; init; } = true;

    /// <summary>The duration token; null when missing or unreadable. -1 and 0 both mean "live".</summary>
    public double? Duration { get; init; }

    /// <summary>Text after the first comma outside quotes, trimmed. Empty when missing.</summary>
    public string Title { get; init; } = "";

    public IReadOnlyList<M3uAttribute> Attributes { get; init; } = [];

    /// <summary>The URL line as written (including any Kodi <c>|Header=value</c> suffix); null when the entry had no URL.</summary>
    public string? Url { get; init; }

    /// <summary>Value of <c>#EXTGRP:</c> (may be empty), null when absent.</summary>
    public string? ExtGrp { get; init; }

    /// <summary><c>#EXTVLCOPT:key=value</c> lines in order.</summary>
    public IReadOnlyList<M3uAttribute> VlcOptions { get; init; } = [];

    /// <summary><c>#KODIPROP:key=value</c> lines in order.</summary>
    public IReadOnlyList<M3uAttribute> KodiProps { get; init; } = [];

    /// <summary>Headers from a <c>#EXTHTTP:{json}</c> line.</summary>
    public IReadOnlyList<M3uAttribute> ExtHttpHeaders { get; init; } = [];

    /// <summary>Other <c>#EXT…</c> directives attached to the entry, verbatim, so they survive a rewrite.</summary>
    public IReadOnlyList<string> OtherDirectives { get; init; } = [];

    public string? Attribute(string key) => M3uAttributes.Find(Attributes, key);

    public string? TvgId => Attribute(M3uKeys.TvgId);
    public string? TvgName => Attribute(M3uKeys.TvgName);
    public string? TvgLogo => Attribute(M3uKeys.TvgLogo);
    public string? TvgChno => Attribute(M3uKeys.TvgChno);
    public string? GroupTitle => Attribute(M3uKeys.GroupTitle);
    public string? ChannelId => Attribute(M3uKeys.ChannelId);
    public string? Catchup => Attribute(M3uKeys.Catchup);
    public string? CatchupSource => Attribute(M3uKeys.CatchupSource);

    /// <summary>Channel number from <c>tvg-chno</c>, else <c>channel-number</c>.</summary>
    public int? ChannelNumber => M3uAttributes.ParseInt(TvgChno ?? Attribute(M3uKeys.ChannelNumber));

    /// <summary>EPG shift in hours (may be fractional, e.g. -4.5).</summary>
    public double? TvgShift => M3uAttributes.ParseDouble(Attribute(M3uKeys.TvgShift));

    public int? CatchupDays => M3uAttributes.ParseInt(Attribute(M3uKeys.CatchupDays));

    public int? Timeshift => M3uAttributes.ParseInt(Attribute(M3uKeys.Timeshift));

    public bool IsRadio => string.Equals(Attribute(M3uKeys.Radio), "true", StringComparison.OrdinalIgnoreCase)
        || Attribute(M3uKeys.Radio) == "1";

    /// <summary>The group a player shows: a non-empty <c>#EXTGRP</c> wins over <c>group-title</c> (as VLC and iptv-playlist-parser do).</summary>
    public string? Group => !string.IsNullOrEmpty(ExtGrp) ? ExtGrp : GroupTitle ?? ExtGrp;

    /// <summary>The URL without the Kodi <c>|Header=value</c> suffix.</summary>
    public string? StreamUrl
    {
        get
        {
            if (Url is null)
            {
                return null;
            }

            var bar = Url.IndexOf('|', StringComparison.Ordinal);
            return bar < 0 ? Url : Url[..bar];
        }
    }

    /// <summary>Headers from the Kodi <c>url|User-Agent=…&amp;Referer=…</c> suffix.</summary>
    public IReadOnlyList<M3uAttribute> UrlHeaders => M3uUrlHeaders.Parse(Url);

    /// <summary>User agent, by precedence: <c>#EXTVLCOPT</c>, URL suffix, <c>#EXTHTTP</c>, <c>user-agent</c> attribute.</summary>
    public string? UserAgent =>
        M3uAttributes.Find(VlcOptions, "http-user-agent")
        ?? M3uAttributes.Find(UrlHeaders, "user-agent")
        ?? M3uAttributes.Find(ExtHttpHeaders, "user-agent")
        ?? Attribute(M3uKeys.UserAgent);

    /// <summary>Referrer, by precedence: <c>#EXTVLCOPT</c> (either spelling), URL suffix, <c>#EXTHTTP</c>.</summary>
    public string? Referrer =>
        M3uAttributes.Find(VlcOptions, "http-referrer")
        ?? M3uAttributes.Find(VlcOptions, "http-referer")
        ?? M3uAttributes.Find(UrlHeaders, "referer")
        ?? M3uAttributes.Find(UrlHeaders, "referrer")
        ?? M3uAttributes.Find(ExtHttpHeaders, "referer")
        ?? M3uAttributes.Find(ExtHttpHeaders, "referrer");
}
