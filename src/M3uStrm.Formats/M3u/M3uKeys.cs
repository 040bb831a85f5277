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

    private static readonly string[] Known =
    [
        TvgId, TvgName, TvgLogo, TvgChno, TvgShift, TvgUrl, TvgCountry, TvgLanguage, TvgRec, TvgType, GroupTitle,
        ChannelId, ChannelNumber, Catchup, CatchupDays, CatchupSource, Timeshift, Radio, UserAgent, Status,
        XTvgUrl, UrlTvg, Refresh,
    ];

    private static readonly byte[][] KnownUtf8 = [.. Known.Select(System.Text.Encoding.ASCII.GetBytes)];

    // Candidates indexed by length: an unknown key costs a comparison or two, not 23.
    private static readonly int[][] ByLength = BuildByLength();

    private static int[][] BuildByLength()
    {
        var table = new int[32][];
        for (var length = 0; length < table.Length; length++)
        {
            table[length] = [.. Enumerable.Range(0, Known.Length).Where(i => KnownUtf8[i].Length == length)];
        }

        return table;
    }

    /// <summary>Returns the shared instance for a known lower-case key, or null.</summary>
    internal static string? Intern(ReadOnlySpan<byte> lowerKey)
    {
        if (lowerKey.Length >= ByLength.Length)
        {
            return null;
        }

        foreach (var i in ByLength[lowerKey.Length])
        {
            if (lowerKey.SequenceEqual(KnownUtf8[i]))
            {
                return Known[i];
            }
        }

        return null;
    }
}
