using System.Globalization;
using System.Text;
using System.Xml;

namespace M3uStrm.Formats.Xmltv;

/// <summary>Reads one <c>channel</c> or <c>programme</c> element; each method leaves the reader on the element's end.</summary>
internal sealed class XmltvElementReader(XmlReader xml, XmltvNames names, ProblemLog problems, int maxText)
{
    private readonly StringBuilder _text = new();

    public async Task<XmltvChannel?> ReadChannelAsync(long line)
    {
        var id = xml.GetAttribute("id");
        var displayNames = new List<XmltvText>(2);
        List<XmltvIcon>? icons = null;
        List<string>? urls = null;

        await ForEachChildAsync(async name =>
        {
            if (ReferenceEquals(name, names.DisplayName))
            {
                var lang = xml.GetAttribute("lang");
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

                await xml.SkipAsync();
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
                await xml.SkipAsync();
            }
        });

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

    public async Task<XmltvProgramme?> ReadProgrammeAsync(long line)
    {
        var channel = xml.GetAttribute("channel");
        var startText = xml.GetAttribute("start");
        var stopText = xml.GetAttribute("stop");

        var titles = new List<XmltvText>(1);
        List<XmltvText>? subTitles = null, descriptions = null, categories = null;
        List<XmltvIcon>? icons = null;
        List<XmltvEpisodeNumber>? episodes = null;
        List<XmltvRating>? ratings = null;
        string? date = null;
        bool previouslyShown = false, isNew = false;

        await ForEachChildAsync(async name =>
        {
            if (ReferenceEquals(name, names.Title))
            {
                AddText(ref titles!, xml.GetAttribute("lang"), await ReadTextAsync(line));
            }
            else if (ReferenceEquals(name, names.SubTitle))
            {
                AddText(ref subTitles, xml.GetAttribute("lang"), await ReadTextAsync(line));
            }
            else if (ReferenceEquals(name, names.Desc))
            {
                AddText(ref descriptions, xml.GetAttribute("lang"), await ReadTextAsync(line));
            }
            else if (ReferenceEquals(name, names.Category))
            {
                AddText(ref categories, xml.GetAttribute("lang"), await ReadTextAsync(line));
            }
            else if (ReferenceEquals(name, names.EpisodeNum))
            {
                var system = xml.GetAttribute("system") ?? "onscreen";
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

                await xml.SkipAsync();
            }
            else if (ReferenceEquals(name, names.Date))
            {
                var text = await ReadTextAsync(line);
                date = text.Length > 0 ? text : null;
            }
            else if (ReferenceEquals(name, names.PreviouslyShown))
            {
                previouslyShown = true;
                await xml.SkipAsync();
            }
            else if (ReferenceEquals(name, names.New))
            {
                isNew = true;
                await xml.SkipAsync();
            }
            else if (ReferenceEquals(name, names.Rating))
            {
                var system = xml.GetAttribute("system");
                var value = await ReadRatingValueAsync(line);
                if (!string.IsNullOrEmpty(value))
                {
                    (ratings ??= []).Add(new XmltvRating(value, system));
                }
            }
            else
            {
                await xml.SkipAsync();
            }
        });

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

        if (titles.Count == 0)
        {
            problems.Add(line, "programme-without-title", "<programme> has no title.");
        }

        return new XmltvProgramme
        {
            Line = line,
            Channel = channel,
            Start = start,
            Stop = stop,
            Titles = titles,
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
            (list ??= []).Add(new XmltvText(text, lang));
        }
    }

    private XmltvIcon? ReadIcon()
    {
        var src = xml.GetAttribute("src");
        if (string.IsNullOrEmpty(src))
        {
            return null;
        }

        return new XmltvIcon(src, Int(xml.GetAttribute("width")), Int(xml.GetAttribute("height")));
    }

    private static int? Int(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Calls <paramref name="onChild"/> for each child element; the callback must consume the element.</summary>
    private async Task ForEachChildAsync(Func<string, Task> onChild)
    {
        if (xml.IsEmptyElement)
        {
            return;
        }

        var depth = xml.Depth;
        await xml.ReadAsync();
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element)
            {
                await onChild(xml.LocalName);
            }
            else
            {
                await xml.ReadAsync();
            }
        }
    }

    private async Task<string?> ReadRatingValueAsync(long line)
    {
        string? value = null;
        await ForEachChildAsync(async name =>
        {
            if (ReferenceEquals(name, names.Value))
            {
                value = await ReadTextAsync(line);
            }
            else
            {
                await xml.SkipAsync();
            }
        });
        await xml.ReadAsync();
        return value;
    }

    /// <summary>Text content of the current element (nested markup skipped); leaves the reader after the element.</summary>
    private async Task<string> ReadTextAsync(long line)
    {
        if (xml.IsEmptyElement)
        {
            await xml.ReadAsync();
            return "";
        }

        var depth = xml.Depth;
        await xml.ReadAsync();
        string? single = null;
        _text.Clear();
        var parts = 0;
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    var value = await xml.GetValueAsync();
                    if (parts++ == 0)
                    {
                        single = value;
                    }
                    else
                    {
                        if (parts == 2)
                        {
                            _text.Append(single);
                        }

                        _text.Append(value);
                    }

                    await xml.ReadAsync();
                    break;
                case XmlNodeType.Element:
                    await xml.SkipAsync();
                    break;
                default:
                    await xml.ReadAsync();
                    break;
            }
        }

        await xml.ReadAsync();
        var text = (parts > 1 ? _text.ToString() : single ?? "").Trim();
        if (text.Length > maxText)
        {
            problems.Add(line, "text-too-long", $"A text of {text.Length} characters was cut to {maxText}.");
            text = text[..maxText];
        }

        return text;
    }
}
