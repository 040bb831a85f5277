namespace M3uStrm.Formats.Xmltv;

/// <summary>A text in a language (<c>lang</c> attribute, may be absent).</summary>
public sealed record XmltvText(string Text, string? Lang = null);

public sealed record XmltvIcon(string Src, int? Width = null, int? Height = null);

/// <summary>An <c>episode-num</c>: <c>System</c> is <c>xmltv_ns</c>, <c>onscreen</c>, <c>dd_progid</c>, ...</summary>
public sealed record XmltvEpisodeNumber(string System, string Value);

public sealed record XmltvRating(string Value, string? System = null);

/// <summary>What the reader yields: a channel or a programme, in document order.</summary>
public abstract record XmltvItem
{
    /// <summary>Line of the element's start tag.</summary>
    public long Line { get; init; }
}

public sealed record XmltvChannel : XmltvItem
{
    public required string Id { get; init; }
    public IReadOnlyList<XmltvText> DisplayNames { get; init; } = [];
    public IReadOnlyList<XmltvIcon> Icons { get; init; } = [];
    public IReadOnlyList<string> Urls { get; init; } = [];
}

public sealed record XmltvProgramme : XmltvItem
{
    public required string Channel { get; init; }
    public required DateTimeOffset Start { get; init; }

    /// <summary>Stop as written, or inferred from the channel's next programme (see <see cref="StopInferred"/>); null when unknown.</summary>
    public DateTimeOffset? Stop { get; init; }

    public bool StopInferred { get; init; }
    public IReadOnlyList<XmltvText> Titles { get; init; } = [];
    public IReadOnlyList<XmltvText> SubTitles { get; init; } = [];
    public IReadOnlyList<XmltvText> Descriptions { get; init; } = [];
    public string? Date { get; init; }
    public IReadOnlyList<XmltvText> Categories { get; init; } = [];
    public IReadOnlyList<XmltvIcon> Icons { get; init; } = [];
    public IReadOnlyList<XmltvEpisodeNumber> EpisodeNumbers { get; init; } = [];
    public bool PreviouslyShown { get; init; }
    public bool IsNew { get; init; }
    public IReadOnlyList<XmltvRating> Ratings { get; init; } = [];

    public string? Title => Titles.Count > 0 ? Titles[0].Text : null;

    /// <summary>1-based season from <c>xmltv_ns</c> (which counts from 0).</summary>
    public int? Season => XmltvEpisodeNumbers.Parse(XmltvNs).Season;

    /// <summary>1-based episode from <c>xmltv_ns</c>.</summary>
    public int? Episode => XmltvEpisodeNumbers.Parse(XmltvNs).Episode;

    public string? XmltvNs => EpisodeNumbers.FirstOrDefault(e => e.System == "xmltv_ns")?.Value;

    public string? OnScreen => EpisodeNumbers.FirstOrDefault(e => e.System == "onscreen")?.Value;
}

internal static class XmltvEpisodeNumbers
{
    /// <summary>xmltv_ns is "season/total . episode/total . part/total", zero-based, any part may be empty.</summary>
    public static (int? Season, int? Episode) Parse(string? xmltvNs)
    {
        if (string.IsNullOrWhiteSpace(xmltvNs))
        {
            return (null, null);
        }

        var parts = xmltvNs.Split('.');
        return (Part(parts, 0), Part(parts, 1));

        static int? Part(string[] parts, int index)
        {
            if (index >= parts.Length)
            {
                return null;
            }

            var text = parts[index].Split('/')[0].Trim();
            return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0 ? n + 1 : null;
        }
    }
}
