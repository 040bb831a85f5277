using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Xml;
using M3uStrm.Formats.Text;

namespace M3uStrm.Formats.Xmltv;

/// <summary>
/// Streams channels and programmes out of an XMLTV guide (plain or gzip, detected by magic bytes).
/// The DOCTYPE is ignored, never processed: no DTD, no entity expansion, no external resources.
/// Bad times and broken elements are reported in <see cref="Problems"/>; a document that stops being
/// well-formed ends the read with a problem, keeping what was read. A programme without <c>stop</c>
/// gets the start of its channel's next programme; it is held back until that one is seen.
/// </summary>
public sealed class XmltvReader
{
    private readonly Stream _stream;
    private readonly XmltvReaderOptions _options;
    private readonly ProblemLog _problems;
    private readonly Dictionary<string, XmltvProgramme> _waitingForStop = new(StringComparer.Ordinal);
    private bool _started;

    public XmltvReader(Stream stream, XmltvReaderOptions? options = null)
    {
        _stream = stream;
        _options = options ?? XmltvReaderOptions.Default;
        _problems = new ProblemLog(_options.MaxProblems);
    }

    public IReadOnlyList<FormatProblem> Problems => _problems.Snapshot();

    /// <summary>Attributes of the root <c>tv</c> element (generator-info-name, source-info-url, ...).</summary>
    public IReadOnlyDictionary<string, string> TvAttributes { get; private set; } = new Dictionary<string, string>();

    public async IAsyncEnumerable<XmltvItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("An XmltvReader reads its stream once; create a new reader.");
        }

        _started = true;

        // A local stream never waits on the network, so it is parsed with the synchronous XmlReader
        // (several times faster than its async mode, which runs a state machine per node).
        var sync = LocalStreams.IsLocal(_stream);
        var source = await OpenAsync(_stream, cancellationToken);
        var settings = new XmlReaderSettings
        {
            Async = !sync,
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = _options.MaxCharactersInDocument,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        using var xml = XmlReader.Create(source, settings);
        var names = new XmltvNames(xml.NameTable);
        var lineInfo = xml as IXmlLineInfo;
        var elements = new XmltvElementReader(xml, names, _problems, _options.MaxTextLength, sync);

        var positioned = false;
        while (true)
        {
            XmltvItem? item;
            try
            {
                // SkipAsync already moves to the next node; reading again would skip a sibling.
                if (!positioned && !(sync ? xml.Read() : await xml.ReadAsync()))
                {
                    break;
                }

                positioned = false;
                if (xml.EOF)
                {
                    break;
                }

                if (xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                var name = xml.LocalName;
                if (ReferenceEquals(name, names.Tv))
                {
                    TvAttributes = ReadAttributes(xml);
                    continue;
                }

                var line = lineInfo?.LineNumber ?? 0;
                if (ReferenceEquals(name, names.Programme))
                {
                    item = await elements.ReadProgrammeAsync(line);
                }
                else if (ReferenceEquals(name, names.Channel))
                {
                    item = await elements.ReadChannelAsync(line);
                }
                else
                {
                    if (sync)
                    {
                        xml.Skip();
                    }
                    else
                    {
                        await xml.SkipAsync();
                    }

                    positioned = true;
                    continue;
                }
            }
            catch (XmlException e)
            {
                _problems.Add(e.LineNumber, "not-well-formed", $"The guide is not well-formed XML; reading stopped: {e.Message}");
                break;
            }

            if (item is XmltvProgramme programme)
            {
                if (_waitingForStop.Remove(programme.Channel, out var previous))
                {
                    yield return previous with { Stop = programme.Start, StopInferred = true };
                }

                if (programme.Stop is null)
                {
                    _waitingForStop[programme.Channel] = programme;
                    continue;
                }
            }

            if (item is not null)
            {
                yield return item;
            }
        }

        foreach (var last in _waitingForStop.Values.OrderBy(p => p.Line))
        {
            _problems.Add(last.Line, "stop-unknown", "Last programme of its channel has no stop time and none can be inferred.");
            yield return last;
        }

        _waitingForStop.Clear();
    }

    /// <summary>Reads a whole (small) guide into memory.</summary>
    public static async Task<XmltvGuide> ReadAllAsync(Stream stream, XmltvReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        var reader = new XmltvReader(stream, options);
        var channels = new List<XmltvChannel>();
        var programmes = new List<XmltvProgramme>();
        await foreach (var item in reader.ReadAsync(cancellationToken))
        {
            if (item is XmltvChannel c)
            {
                channels.Add(c);
            }
            else if (item is XmltvProgramme p)
            {
                programmes.Add(p);
            }
        }

        return new XmltvGuide(channels, programmes, reader.Problems, reader.TvAttributes);
    }

    private static Dictionary<string, string> ReadAttributes(XmlReader xml)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (xml.MoveToFirstAttribute())
        {
            do
            {
                result[xml.Name] = xml.Value;
            }
            while (xml.MoveToNextAttribute());
            xml.MoveToElement();
        }

        return result;
    }

    private static async Task<Stream> OpenAsync(Stream stream, CancellationToken ct)
    {
        var head = new byte[2];
        var read = 0;
        int n;
        while (read < 2 && (n = await stream.ReadAsync(head.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        Stream replay = new PrefixedStream(head[..read], stream);
        return read == 2 && head[0] == 0x1F && head[1] == 0x8B
            ? new BufferedStream(new GZipStream(replay, CompressionMode.Decompress), 64 * 1024)
            : replay;
    }
}

/// <summary>A whole guide in memory, for small guides and tests.</summary>
public sealed record XmltvGuide(
    IReadOnlyList<XmltvChannel> Channels,
    IReadOnlyList<XmltvProgramme> Programmes,
    IReadOnlyList<FormatProblem> Problems,
    IReadOnlyDictionary<string, string> TvAttributes);
