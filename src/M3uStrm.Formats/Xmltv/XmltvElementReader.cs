using System.Globalization;
using System.Text;
using System.Xml;

namespace M3uStrm.Formats.Xmltv;

/// <summary>
/// Reads one <c>channel</c> or <c>programme</c> element; each method leaves the reader on the element's end.
/// One code path for both kinds of <see cref="XmlReader"/>: with <paramref name="sync"/> the reader was made
/// with <c>Async = false</c> (local streams) and every step below completes synchronously, without the
/// async reader's per-node state machines; otherwise (network bodies) each step awaits the async API.
/// </summary>
internal sealed class XmltvElementReader(XmlReader xml, XmltvNames names, ProblemLog problems, int maxText, bool sync)
{
    private readonly StringBuilder _text = new();

    public async ValueTask<XmltvChannel?> ReadChannelAsync(long line)
    {
        var id = Attribute(names.Id);
        var displayNames = new List<XmltvText>(2);
        List<XmltvIcon>? icons = null;
        List<string>? urls = null;

        if (!xml.IsEmptyElement)
        {
            var depth = xml.Depth;
            await ReadAsync();
            while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    await ReadAsync();
                    continue;
                }

                var name = xml.LocalName;
                if (ReferenceEquals(name, names.DisplayName))
                {
                    var lang = Attribute(names.Lang);
                    var text = await ReadTextAsync(line);
                    if (text.Length > 0)
                    {
                        displayNames.Add(new XmltvText(text, lang));
                    }
                }
                else if (ReferenceEquals(name, names.Icon))
                {
                    if (ReadIcon() is { } icon)
                    {
                        (icons ??= []).Add(icon);
                    }

                    await SkipAsync();
                }
                else if (ReferenceEquals(name, names.Url))
                {
                    var url = await ReadTextAsync(line);
                    if (url.Length > 0)
                    {
                        (urls ??= []).Add(url);
                    }
                }
                else
                {
                    await SkipAsync();
                }
            }
        }

        if (string.IsNullOrEmpty(id))
        {
            problems.Add(line, "channel-without-id", "<channel> has no id; skipped.");
            return null;
        }

        return new XmltvChannel
        {
            Line = line,
            Id = id,
            DisplayNames = displayNames,
            Icons = icons ?? (IReadOnlyList<XmltvIcon>)[],
            Urls = urls ?? (IReadOnlyList<string>)[],
        };
    }

    public async ValueTask<XmltvProgramme?> ReadProgrammeAsync(long line)
    {
        string? channel = null, startText = null, stopText = null;
        if (xml.MoveToFirstAttribute())
        {
            do
            {
                if (xml.Prefix.Length != 0)
                {
                    continue;
                }

                var attribute = xml.LocalName;
                if (ReferenceEquals(attribute, names.Channel))
                {
                    channel ??= xml.Value;
                }
                else if (ReferenceEquals(attribute, names.Start))
                {
                    startText ??= xml.Value;
                }
                else if (ReferenceEquals(attribute, names.Stop))
                {
                    stopText ??= xml.Value;
                }
            }
            while (xml.MoveToNextAttribute());
            xml.MoveToElement();
        }

        List<XmltvText>? titles = null, subTitles = null, descriptions = null, categories = null;
        List<XmltvIcon>? icons = null;
        List<XmltvEpisodeNumber>? episodes = null;
        List<XmltvRating>? ratings = null;
        string? date = null;
        bool previouslyShown = false, isNew = false;

        if (!xml.IsEmptyElement)
        {
            var depth = xml.Depth;
            await ReadAsync();
            while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    await ReadAsync();
                    continue;
                }

                var name = xml.LocalName;
                if (ReferenceEquals(name, names.Title))
                {
                    AddText(ref titles, Attribute(names.Lang), await ReadTextAsync(line));
                }
                else if (ReferenceEquals(name, names.SubTitle))
                {
                    AddText(ref subTitles, Attribute(names.Lang), await ReadTextAsync(line));
                }
                else if (ReferenceEquals(name, names.Desc))
                {
                    AddText(ref descriptions, Attribute(names.Lang), await ReadTextAsync(line));
                }
                else if (ReferenceEquals(name, names.Category))
                {
                    AddText(ref categories, Attribute(names.Lang), await ReadTextAsync(line));
                }
                else if (ReferenceEquals(name, names.EpisodeNum))
                {
                    var system = Attribute(names.System) ?? "onscreen";
                    var value = await ReadTextAsync(line);
                    if (value.Length > 0)
                    {
                        (episodes ??= []).Add(new XmltvEpisodeNumber(system, value));
                    }
                }
                else if (ReferenceEquals(name, names.Icon))
                {
                    if (ReadIcon() is { } icon)
                    {
                        (icons ??= []).Add(icon);
                    }

                    await SkipAsync();
                }
                else if (ReferenceEquals(name, names.Date))
                {
                    var text = await ReadTextAsync(line);
                    date = text.Length > 0 ? text : null;
                }
                else if (ReferenceEquals(name, names.PreviouslyShown))
                {
                    previouslyShown = true;
                    await SkipAsync();
                }
                else if (ReferenceEquals(name, names.New))
                {
                    isNew = true;
                    await SkipAsync();
                }
                else if (ReferenceEquals(name, names.Rating))
                {
                    var system = Attribute(names.System);
                    var value = await ReadRatingValueAsync(line);
                    if (!string.IsNullOrEmpty(value))
                    {
                        (ratings ??= []).Add(new XmltvRating(value, system));
                    }
                }
                else
                {
                    await SkipAsync();
                }
            }
        }

        if (string.IsNullOrEmpty(channel))
        {
            problems.Add(line, "programme-without-channel", "<programme> has no channel; skipped.");
            return null;
        }

        if (startText is null || !XmltvTime.TryParse(startText, out var start))
        {
            problems.Add(line, "bad-time", $"<programme> start '{startText}' is not an XMLTV time; skipped.");
            return null;
        }

        DateTimeOffset? stop = null;
        if (stopText is not null)
        {
            if (XmltvTime.TryParse(stopText, out var parsedStop))
            {
                stop = parsedStop;
            }
            else
            {
                problems.Add(line, "bad-time", $"<programme> stop '{stopText}' is not an XMLTV time; inferred instead.");
            }
        }

        if (titles is null)
        {
            problems.Add(line, "programme-without-title", "<programme> has no title.");
        }

        return new XmltvProgramme
        {
            Line = line,
            Channel = channel,
            Start = start,
            Stop = stop,
            Titles = titles ?? [],
            SubTitles = subTitles ?? (IReadOnlyList<XmltvText>)[],
            Descriptions = descriptions ?? (IReadOnlyList<XmltvText>)[],
            Categories = categories ?? (IReadOnlyList<XmltvText>)[],
            Date = date,
            Icons = icons ?? (IReadOnlyList<XmltvIcon>)[],
            EpisodeNumbers = episodes ?? (IReadOnlyList<XmltvEpisodeNumber>)[],
            PreviouslyShown = previouslyShown,
            IsNew = isNew,
            Ratings = ratings ?? (IReadOnlyList<XmltvRating>)[],
        };
    }

    private static void AddText(ref List<XmltvText>? list, string? lang, string text)
    {
        // Empty elements carry nothing; the writer emits an empty <title/> only to satisfy the DTD.
        if (text.Length > 0)
        {
            (list ??= new List<XmltvText>(1)).Add(new XmltvText(text, lang));
        }
    }

    /// <summary>Value of an unprefixed attribute of the current element, matched by its atomised name.</summary>
    private string? Attribute(string atom)
    {
        if (!xml.HasAttributes || !xml.MoveToFirstAttribute())
        {
            return null;
        }

        string? value = null;
        do
        {
            if (ReferenceEquals(xml.LocalName, atom) && xml.Prefix.Length == 0)
            {
                value = xml.Value;
                break;
            }
        }
        while (xml.MoveToNextAttribute());
        xml.MoveToElement();
        return value;
    }

    private XmltvIcon? ReadIcon()
    {
        var src = Attribute(names.Src);
        if (string.IsNullOrEmpty(src))
        {
            return null;
        }

        return new XmltvIcon(src, Int(Attribute(names.Width)), Int(Attribute(names.Height)));
    }

    private static int? Int(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private ValueTask<bool> ReadAsync() => sync ? new(xml.Read()) : new(xml.ReadAsync());

    private ValueTask SkipAsync()
    {
        if (sync)
        {
            xml.Skip();
            return ValueTask.CompletedTask;
        }

        return new(xml.SkipAsync());
    }

    private ValueTask<string> GetValueAsync() => sync ? new(xml.Value) : new(xml.GetValueAsync());

    private async ValueTask<string?> ReadRatingValueAsync(long line)
    {
        string? value = null;
        if (!xml.IsEmptyElement)
        {
            var depth = xml.Depth;
            await ReadAsync();
            while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    await ReadAsync();
                }
                else if (ReferenceEquals(xml.LocalName, names.Value))
                {
                    value = await ReadTextAsync(line);
                }
                else
                {
                    await SkipAsync();
                }
            }
        }

        await ReadAsync();
        return value;
    }

    /// <summary>Text content of the current element (nested markup skipped); leaves the reader after the element.</summary>
    private async ValueTask<string> ReadTextAsync(long line)
    {
        if (xml.IsEmptyElement)
        {
            await ReadAsync();
            return "";
        }

        var depth = xml.Depth;
        await ReadAsync();
        string? single = null;
        var parts = 0;
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    var value = await GetValueAsync();
                    if (parts++ == 0)
                    {
                        single = value;
                    }
                    else
                    {
                        if (parts == 2)
                        {
                            _text.Clear();
                            _text.Append(single);
                        }

                        _text.Append(value);
                    }

                    await ReadAsync();
                    break;
                case XmlNodeType.Element:
                    await SkipAsync();
                    break;
                default:
                    await ReadAsync();
                    break;
            }
        }

        await ReadAsync();
        var text = (parts > 1 ? _text.ToString() : single ?? "").Trim();
        if (text.Length > maxText)
        {
            problems.Add(line, "text-too-long", $"A text of {text.Length} characters was cut to {maxText}.");
            text = text[..maxText];
        }

        return text;
    }
}
