namespace M3uStrm.Formats.M3u;

/// <summary>Attribute names with meaning. Readers hand out these exact instances so lookups compare by reference first.</summary>
public static class M3uKeys
{
    public const string TvgId = "tvg-id";
    public const string TvgName = "tvg-name";
    public const string TvgLogo = "tvg-logo";
    public const string TvgChno = "tvg-chno";
    public const string TvgShift = "tvg-shift";
    public const string TvgUrl = "tvg-url";
    public const string TvgCountry = "tvg-country";
    public const string TvgLanguage = "tvg-language";
    public const string TvgRec = "tvg-rec";
    public const string TvgType = "tvg-type";
    public const string GroupTitle = "group-title";
    public const string ChannelId = "channel-id";
    public const string ChannelNumber = "channel-number";
    public const string Catchup = "catchup";
    public const string CatchupDays = "catchup-days";
    public const string CatchupSource = "catchup-source";
    public const string Timeshift = "timeshift";
    public const string Radio = "radio";
    public const string UserAgent = "user-agent";
    public const string Status = "status";
    public const string XTvgUrl = "x-tvg-url";
    public const string UrlTvg = "url-tvg";
    public const string Refresh = "refresh";

    /// <summary>Returns the shared instance for a known lower-case key, or null.</summary>
    /// <remarks>
    /// Called for every attribute of every entry, so it compares against <c>u8</c> literals by length
    /// (each comparison compiles to a few loads) instead of looping over a table.
    /// </remarks>
    internal static string? Intern(ReadOnlySpan<byte> k) => k.Length switch
    {
        5 => k.SequenceEqual("radio"u8) ? Radio : null,
        6 => k.SequenceEqual("tvg-id"u8) ? TvgId : k.SequenceEqual("status"u8) ? Status : null,
        7 => k.SequenceEqual("tvg-url"u8) ? TvgUrl : k.SequenceEqual("tvg-rec"u8) ? TvgRec
            : k.SequenceEqual("catchup"u8) ? Catchup : k.SequenceEqual("url-tvg"u8) ? UrlTvg
            : k.SequenceEqual("refresh"u8) ? Refresh : null,
        8 => k.SequenceEqual("tvg-name"u8) ? TvgName : k.SequenceEqual("tvg-logo"u8) ? TvgLogo
            : k.SequenceEqual("tvg-chno"u8) ? TvgChno : k.SequenceEqual("tvg-type"u8) ? TvgType : null,
        9 => k.SequenceEqual("tvg-shift"u8) ? TvgShift : k.SequenceEqual("timeshift"u8) ? Timeshift
            : k.SequenceEqual("x-tvg-url"u8) ? XTvgUrl : null,
        10 => k.SequenceEqual("channel-id"u8) ? ChannelId : k.SequenceEqual("user-agent"u8) ? UserAgent : null,
        11 => k.SequenceEqual("group-title"u8) ? GroupTitle : k.SequenceEqual("tvg-country"u8) ? TvgCountry : null,
        12 => k.SequenceEqual("tvg-language"u8) ? TvgLanguage : k.SequenceEqual("catchup-days"u8) ? CatchupDays : null,
        14 => k.SequenceEqual("channel-number"u8) ? ChannelNumber : k.SequenceEqual("catchup-source"u8) ? CatchupSource : null,
        _ => null,
    };
}
