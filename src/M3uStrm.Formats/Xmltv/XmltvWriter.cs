using System.Buffers;
using System.Globalization;
using System.Text;
using System.Xml;
using M3uStrm.Formats.Text;

namespace M3uStrm.Formats.Xmltv;

/// <summary>
/// Streams an XMLTV document that validates against xmltv.dtd: children in DTD order, a DOCTYPE
/// naming xmltv.dtd, times as <c>YYYYMMDDhhmmss ±hhmm</c>. Write all channels before programmes
/// (the DTD requires it). Elements the DTD requires but the data lacks (a programme's title, a
/// channel's display-name) are written empty; the reader ignores empty ones, so round-trips hold.
/// The XML is formatted synchronously into a memory buffer, which goes to the stream with
/// <see cref="Stream.WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/> whenever it passes
/// 64 KB: the async <see cref="XmlWriter"/> API costs a state machine per call and was slower than reading.
/// </summary>
public sealed class XmltvWriter : IAsyncDisposable
{
    // The only attributes xmltv.dtd declares on <tv>; others (seen in the wild) would make the output invalid.
    private static readonly HashSet<string> TvAttributeNames =
        ["date", "source-info-url", "source-info-name", "source-data-url", "generator-info-name", "generator-info-url"];

    private const int DrainThreshold = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly bool _syncIo;
    private readonly MemoryStream _pending = new(2 * DrainThreshold);
    private readonly XmlWriter _xml;
    private bool _started;
    private bool _wroteProgramme;
    private bool _disposed;

    public XmltvWriter(Stream stream, bool leaveOpen = false)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _syncIo = LocalStreams.IsLocal(stream);
        _xml = XmlWriter.Create(_pending, new XmlWriterSettings
        {
            Async = false,
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            CloseOutput = false,
            CheckCharacters = false,
        });
    }

    public async Task WriteStartAsync(IReadOnlyDictionary<string, string>? tvAttributes = null)
    {
        _xml.WriteStartDocument();
        _xml.WriteDocType("tv", null, "xmltv.dtd", null);
        _xml.WriteStartElement(null, "tv", null);
        if (tvAttributes is not null)
        {
            foreach (var (name, value) in tvAttributes.Where(a => TvAttributeNames.Contains(a.Key)))
            {
                _xml.WriteAttributeString(null, name, null, Clean(value));
            }
        }

        _started = true;
        await DrainIfFullAsync();
    }

    public async Task WriteChannelAsync(XmltvChannel channel)
    {
        EnsureStarted();
        if (_wroteProgramme)
        {
            throw new InvalidOperationException("xmltv.dtd requires every channel before the first programme.");
        }

        _xml.WriteStartElement(null, "channel", null);
        _xml.WriteAttributeString(null, "id", null, Clean(channel.Id));
        if (channel.DisplayNames.Count == 0)
        {
            WriteText("display-name", new XmltvText(""));
        }

        foreach (var name in channel.DisplayNames)
        {
            WriteText("display-name", name);
        }

        foreach (var icon in channel.Icons)
        {
            WriteIcon(icon);
        }

        foreach (var url in channel.Urls)
        {
            _xml.WriteElementString(null, "url", null, Clean(url));
        }

        _xml.WriteEndElement();
        await DrainIfFullAsync();
    }

    public async Task WriteProgrammeAsync(XmltvProgramme programme)
    {
        EnsureStarted();
        _wroteProgramme = true;
        _xml.WriteStartElement(null, "programme", null);
        _xml.WriteAttributeString(null, "start", null, XmltvTime.Format(programme.Start));
        if (programme.Stop is { } stop)
        {
            _xml.WriteAttributeString(null, "stop", null, XmltvTime.Format(stop));
        }

        _xml.WriteAttributeString(null, "channel", null, Clean(programme.Channel));
        if (programme.Titles.Count == 0)
        {
            WriteText("title", new XmltvText(""));
        }

        foreach (var t in programme.Titles)
        {
            WriteText("title", t);
        }

        foreach (var t in programme.SubTitles)
        {
            WriteText("sub-title", t);
        }

        foreach (var t in programme.Descriptions)
        {
            WriteText("desc", t);
        }

        if (programme.Date is { Length: > 0 } date)
        {
            _xml.WriteElementString(null, "date", null, Clean(date));
        }

        foreach (var t in programme.Categories)
        {
            WriteText("category", t);
        }

        foreach (var icon in programme.Icons)
        {
            WriteIcon(icon);
        }

        foreach (var e in programme.EpisodeNumbers)
        {
            _xml.WriteStartElement(null, "episode-num", null);
            _xml.WriteAttributeString(null, "system", null, Clean(e.System));
            _xml.WriteString(Clean(e.Value));
            _xml.WriteEndElement();
        }

        if (programme.PreviouslyShown)
        {
            _xml.WriteStartElement(null, "previously-shown", null);
            _xml.WriteEndElement();
        }

        if (programme.IsNew)
        {
            _xml.WriteStartElement(null, "new", null);
            _xml.WriteEndElement();
        }

        foreach (var rating in programme.Ratings)
        {
            _xml.WriteStartElement(null, "rating", null);
            if (rating.System is not null)
            {
                _xml.WriteAttributeString(null, "system", null, Clean(rating.System));
            }

            _xml.WriteElementString(null, "value", null, Clean(rating.Value));
            _xml.WriteEndElement();
        }

        _xml.WriteEndElement();
        await DrainIfFullAsync();
    }

    public async Task WriteEndAsync()
    {
        EnsureStarted();
        _xml.WriteEndElement();
        _xml.WriteEndDocument();
        _xml.Flush();
        await DrainAsync();
        await _stream.FlushAsync();
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

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _xml.Dispose(); // closes elements still open, into the buffer
        await DrainAsync();
        await _pending.DisposeAsync();
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync();
        }
    }

    /// <summary>Hands the buffered XML to the stream once there is enough of it.</summary>
    private Task DrainIfFullAsync() => _pending.Length >= DrainThreshold ? DrainAsync() : Task.CompletedTask;

    private async Task DrainAsync()
    {
        if (_pending.Length == 0)
        {
            return;
        }

        if (_syncIo)
        {
            _stream.Write(_pending.GetBuffer(), 0, (int)_pending.Length);
        }
        else
        {
            await _stream.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length));
        }

        _pending.SetLength(0);
    }

    private void EnsureStarted()
    {
        if (!_started)
        {
            throw new InvalidOperationException("Call WriteStartAsync first.");
        }
    }

    private void WriteText(string element, XmltvText text)
    {
        _xml.WriteStartElement(null, element, null);
        if (text.Lang is not null)
        {
            _xml.WriteAttributeString(null, "lang", null, Clean(text.Lang));
        }

        _xml.WriteString(Clean(text.Text));
        _xml.WriteEndElement();
    }

    private void WriteIcon(XmltvIcon icon)
    {
        _xml.WriteStartElement(null, "icon", null);
        _xml.WriteAttributeString(null, "src", null, Clean(icon.Src));
        if (icon.Width is { } w)
        {
            _xml.WriteAttributeString(null, "width", null, w.ToString(CultureInfo.InvariantCulture));
        }

        if (icon.Height is { } h)
        {
            _xml.WriteAttributeString(null, "height", null, h.ToString(CultureInfo.InvariantCulture));
        }

        _xml.WriteEndElement();
    }

    // Characters XML 1.0 cannot carry (control characters from broken sources) are dropped, not escaped.
    // A vectorised range test first: nearly every text is plain printable characters.
    private static string Clean(string value) =>
        value.AsSpan().ContainsAnyExceptInRange('\u0020', '\uFFFD') && value.AsSpan().ContainsAny(NotXmlChars)
            ? string.Concat(value.Where(ch => XmlConvert.IsXmlChar(ch) || char.IsSurrogate(ch)))
            : value;

    // The BMP characters XmlConvert.IsXmlChar rejects, other than surrogates (pairs are kept).
    private static readonly SearchValues<char> NotXmlChars = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\uFFFE\uFFFF");
}
