using System.Globalization;
using System.Text;
using System.Xml;

namespace M3uStrm.Formats.Xmltv;

/// <summary>
/// Streams an XMLTV document that validates against xmltv.dtd: children in DTD order, a DOCTYPE
/// naming xmltv.dtd, times as <c>YYYYMMDDhhmmss ±hhmm</c>. Write all channels before programmes
/// (the DTD requires it). Elements the DTD requires but the data lacks (a programme's title, a
/// channel's display-name) are written empty; the reader ignores empty ones, so round-trips hold.
/// </summary>
public sealed class XmltvWriter : IAsyncDisposable
{
    // The only attributes xmltv.dtd declares on <tv>; others (seen in the wild) would make the output invalid.
    private static readonly HashSet<string> TvAttributeNames =
        ["date", "source-info-url", "source-info-name", "source-data-url", "generator-info-name", "generator-info-url"];

    private readonly XmlWriter _xml;
    private bool _started;
    private bool _wroteProgramme;

    public XmltvWriter(Stream stream, bool leaveOpen = false)
    {
        _xml = XmlWriter.Create(stream, new XmlWriterSettings
        {
            Async = true,
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            CloseOutput = !leaveOpen,
            CheckCharacters = false,
        });
    }

    public async Task WriteStartAsync(IReadOnlyDictionary<string, string>? tvAttributes = null)
    {
        await _xml.WriteStartDocumentAsync();
        await _xml.WriteDocTypeAsync("tv", null, "xmltv.dtd", null);
        await _xml.WriteStartElementAsync(null, "tv", null);
        if (tvAttributes is not null)
        {
            foreach (var (name, value) in tvAttributes.Where(a => TvAttributeNames.Contains(a.Key)))
            {
                await _xml.WriteAttributeStringAsync(null, name, null, Clean(value));
            }
        }

        _started = true;
    }

    public async Task WriteChannelAsync(XmltvChannel channel)
    {
        EnsureStarted();
        if (_wroteProgramme)
        {
            throw new InvalidOperationException("xmltv.dtd requires every channel before the first programme.");
        }

        await _xml.WriteStartElementAsync(null, "channel", null);
        await _xml.WriteAttributeStringAsync(null, "id", null, Clean(channel.Id));
        if (channel.DisplayNames.Count == 0)
        {
            await WriteTextAsync("display-name", new XmltvText(""));
        }

        foreach (var name in channel.DisplayNames)
        {
            await WriteTextAsync("display-name", name);
        }

        foreach (var icon in channel.Icons)
        {
            await WriteIconAsync(icon);
        }

        foreach (var url in channel.Urls)
        {
            await _xml.WriteElementStringAsync(null, "url", null, Clean(url));
        }

        await _xml.WriteEndElementAsync();
    }

    public async Task WriteProgrammeAsync(XmltvProgramme programme)
    {
        EnsureStarted();
        _wroteProgramme = true;
        await _xml.WriteStartElementAsync(null, "programme", null);
        await _xml.WriteAttributeStringAsync(null, "start", null, XmltvTime.Format(programme.Start));
        if (programme.Stop is { } stop)
        {
            await _xml.WriteAttributeStringAsync(null, "stop", null, XmltvTime.Format(stop));
        }

        await _xml.WriteAttributeStringAsync(null, "channel", null, Clean(programme.Channel));
        if (programme.Titles.Count == 0)
        {
            await WriteTextAsync("title", new XmltvText(""));
        }

        foreach (var t in programme.Titles)
        {
            await WriteTextAsync("title", t);
        }

        foreach (var t in programme.SubTitles)
        {
            await WriteTextAsync("sub-title", t);
        }

        foreach (var t in programme.Descriptions)
        {
            await WriteTextAsync("desc", t);
        }

        if (programme.Date is { Length: > 0 } date)
        {
            await _xml.WriteElementStringAsync(null, "date", null, Clean(date));
        }

        foreach (var t in programme.Categories)
        {
            await WriteTextAsync("category", t);
        }

        foreach (var icon in programme.Icons)
        {
            await WriteIconAsync(icon);
        }

        foreach (var e in programme.EpisodeNumbers)
        {
            await _xml.WriteStartElementAsync(null, "episode-num", null);
            await _xml.WriteAttributeStringAsync(null, "system", null, Clean(e.System));
            await _xml.WriteStringAsync(Clean(e.Value));
            await _xml.WriteEndElementAsync();
        }

        if (programme.PreviouslyShown)
        {
            await _xml.WriteStartElementAsync(null, "previously-shown", null);
            await _xml.WriteEndElementAsync();
        }

        if (programme.IsNew)
        {
            await _xml.WriteStartElementAsync(null, "new", null);
            await _xml.WriteEndElementAsync();
        }

        foreach (var rating in programme.Ratings)
        {
            await _xml.WriteStartElementAsync(null, "rating", null);
            if (rating.System is not null)
            {
                await _xml.WriteAttributeStringAsync(null, "system", null, Clean(rating.System));
            }

            await _xml.WriteElementStringAsync(null, "value", null, Clean(rating.Value));
            await _xml.WriteEndElementAsync();
        }

        await _xml.WriteEndElementAsync();
    }

    public async Task WriteEndAsync()
    {
        EnsureStarted();
        await _xml.WriteEndElementAsync();
        await _xml.WriteEndDocumentAsync();
        await _xml.FlushAsync();
    }

    /// <summary>Writes a whole guide.</summary>
    public static async Task WriteAsync(Stream stream, IEnumerable<XmltvChannel> channels, IAsyncEnumerable<XmltvProgramme> programmes, IReadOnlyDictionary<string, string>? tvAttributes = null, CancellationToken cancellationToken = default)
    {
        await using var writer = new XmltvWriter(stream, leaveOpen: true);
        await writer.WriteStartAsync(tvAttributes);
        foreach (var channel in channels)
        {
            await writer.WriteChannelAsync(channel);
        }

        await foreach (var programme in programmes.WithCancellation(cancellationToken))
        {
            await writer.WriteProgrammeAsync(programme);
        }

        await writer.WriteEndAsync();
    }

    public ValueTask DisposeAsync()
    {
        _xml.Dispose();
        return ValueTask.CompletedTask;
    }

    private void EnsureStarted()
    {
        if (!_started)
        {
            throw new InvalidOperationException("Call WriteStartAsync first.");
        }
    }

    private async Task WriteTextAsync(string element, XmltvText text)
    {
        await _xml.WriteStartElementAsync(null, element, null);
        if (text.Lang is not null)
        {
            await _xml.WriteAttributeStringAsync(null, "lang", null, Clean(text.Lang));
        }

        await _xml.WriteStringAsync(Clean(text.Text));
        await _xml.WriteEndElementAsync();
    }

    private async Task WriteIconAsync(XmltvIcon icon)
    {
        await _xml.WriteStartElementAsync(null, "icon", null);
        await _xml.WriteAttributeStringAsync(null, "src", null, Clean(icon.Src));
        if (icon.Width is { } w)
        {
            await _xml.WriteAttributeStringAsync(null, "width", null, w.ToString(CultureInfo.InvariantCulture));
        }

        if (icon.Height is { } h)
        {
            await _xml.WriteAttributeStringAsync(null, "height", null, h.ToString(CultureInfo.InvariantCulture));
        }

        await _xml.WriteEndElementAsync();
    }

    // Characters XML 1.0 cannot carry (control characters from broken sources) are dropped, not escaped.
    private static string Clean(string value)
    {
        foreach (var c in value)
        {
            if (!XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))
            {
                return string.Concat(value.Where(ch => XmlConvert.IsXmlChar(ch) || char.IsSurrogate(ch)));
            }
        }

        return value;
    }
}
