using System.Runtime.CompilerServices;
using System.Text;
using M3uStrm.Formats.Text;

namespace M3uStrm.Formats.M3u;

/// <summary>
/// Streams the entries of an M3U/M3U8 playlist one at a time; memory does not grow with the list.
/// Never throws on bad content: <see cref="Problems"/> lists what was wrong, with line numbers.
/// One reader reads one stream once; <see cref="Header"/> and <see cref="Problems"/> are complete
/// when the enumeration has finished.
/// </summary>
/// <example><code>
/// var reader = new M3uReader(stream);
/// await foreach (var entry in reader.ReadEntriesAsync(ct)) { ... }
/// var problems = reader.Problems;
/// </code></example>
public sealed class M3uReader
{
    private readonly Stream _stream;
    private readonly M3uReaderOptions _options;
    private readonly ProblemLog _problems;
    private readonly M3uParser _parser;
    private bool _started;

    public M3uReader(Stream stream, M3uReaderOptions? options = null)
    {
        _stream = stream;
        _options = options ?? M3uReaderOptions.Default;
        _problems = new ProblemLog(_options.MaxProblems);
        _parser = new M3uParser(_problems);
    }

    public M3uHeader Header => _parser.Header;

    public IReadOnlyList<FormatProblem> Problems => _problems.Snapshot();

    /// <summary>True when the input is an HLS media/master playlist rather than a channel list (also reported as a problem).</summary>
    public bool IsHlsMediaPlaylist => _parser.IsHlsMediaPlaylist;

    public long EntryCount { get; private set; }

    public IEnumerable<M3uEntry> ReadEntries()
    {
        Start();
        var lines = new Utf8LineBuffer(_options.MaxLineLength, _options.BufferSize);
        try
        {
            var source = _stream;
            ReadHead(lines, source);
            source = SniffEncoding(lines, source);
            while (true)
            {
                var status = Next(lines);
                if (status == LineStatus.Line)
                {
                    yield return _parser.Completed.ToEntry();
                }
                else if (status == LineStatus.NeedData)
                {
                    Fill(lines, source);
                }
                else
                {
                    if (Finish(lines))
                    {
                        yield return _parser.Completed.ToEntry();
                    }

                    yield break;
                }
            }
        }
        finally
        {
            lines.Dispose();
        }
    }

    public async IAsyncEnumerable<M3uEntry> ReadEntriesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Start();
        var lines = new Utf8LineBuffer(_options.MaxLineLength, _options.BufferSize);
        try
        {
            var source = _stream;
            await ReadHeadAsync(lines, source, cancellationToken);
            source = SniffEncoding(lines, source);
            while (true)
            {
                var status = Next(lines);
                if (status == LineStatus.Line)
                {
                    yield return _parser.Completed.ToEntry();
                }
                else if (status == LineStatus.NeedData)
                {
                    await FillAsync(lines, source, cancellationToken);
                }
                else
                {
                    if (Finish(lines))
                    {
                        yield return _parser.Completed.ToEntry();
                    }

                    yield break;
                }
            }
        }
        finally
        {
            lines.Dispose();
        }
    }

    /// <summary>
    /// Reads the entries synchronously and hands each to <paramref name="handler"/> as UTF-8 spans, without
    /// creating strings or an <see cref="M3uEntry"/> (the same parser as <see cref="ReadEntries()"/>; see
    /// <see cref="M3uRawEntry"/>). For bulk scans that look at a few fields; a struct handler is called without
    /// indirection and can keep its results in its fields.
    /// </summary>
    public void ReadRawEntries<THandler>(ref THandler handler)
        where THandler : IM3uRawEntryHandler
    {
        Start();
        var lines = new Utf8LineBuffer(_options.MaxLineLength, _options.BufferSize);
        try
        {
            var source = _stream;
            ReadHead(lines, source);
            source = SniffEncoding(lines, source);
            while (true)
            {
                var status = Next(lines);
                if (status == LineStatus.Line)
                {
                    handler.OnEntry(new M3uRawEntry(_parser.Completed));
                }
                else if (status == LineStatus.NeedData)
                {
                    Fill(lines, source);
                }
                else
                {
                    if (Finish(lines))
                    {
                        handler.OnEntry(new M3uRawEntry(_parser.Completed));
                    }

                    return;
                }
            }
        }
        finally
        {
            lines.Dispose();
        }
    }

    /// <summary>Reads a whole (small) playlist into memory.</summary>
    public static async Task<M3uPlaylist> ReadAllAsync(Stream stream, M3uReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        var reader = new M3uReader(stream, options);
        var entries = new List<M3uEntry>();
        await foreach (var entry in reader.ReadEntriesAsync(cancellationToken))
        {
            entries.Add(entry);
        }

        return new M3uPlaylist(reader.Header, entries, reader.Problems, reader.IsHlsMediaPlaylist);
    }

    public static M3uPlaylist ReadAll(Stream stream, M3uReaderOptions? options = null)
    {
        var reader = new M3uReader(stream, options);
        var entries = reader.ReadEntries().ToList();
        return new M3uPlaylist(reader.Header, entries, reader.Problems, reader.IsHlsMediaPlaylist);
    }

    private void Start()
    {
        if (_started)
        {
            throw new InvalidOperationException("An M3uReader reads its stream once; create a new reader.");
        }

        _started = true;
    }

    /// <summary>Consumes lines until an entry is complete (in <see cref="M3uParser.Completed"/>) or more data is needed.</summary>
    private LineStatus Next(Utf8LineBuffer lines)
    {
        while (true)
        {
            var status = lines.TryReadLine(out var line, out var truncated);
            if (status != LineStatus.Line)
            {
                return status;
            }

            if (_parser.AcceptLine(line, lines.LineNumber, truncated, lines.LastLineIsValidUtf8()))
            {
                EntryCount++;
                return LineStatus.Line;
            }
        }
    }

    private bool Finish(Utf8LineBuffer lines)
    {
        var last = _parser.Complete(lines.LineNumber);
        if (last)
        {
            EntryCount++;
        }

        return last;
    }

    private static void Fill(Utf8LineBuffer lines, Stream source) => lines.Commit(source.Read(lines.PrepareFill().Span));

    private static async ValueTask FillAsync(Utf8LineBuffer lines, Stream source, CancellationToken ct) =>
        lines.Commit(await source.ReadAsync(lines.PrepareFill(), ct));

    // A read may return fewer than the 4 bytes a BOM check needs.
    private static void ReadHead(Utf8LineBuffer lines, Stream source)
    {
        while (!lines.IsAtEnd && lines.Unread.Length < 4)
        {
            Fill(lines, source);
        }
    }

    private static async ValueTask ReadHeadAsync(Utf8LineBuffer lines, Stream source, CancellationToken ct)
    {
        while (!lines.IsAtEnd && lines.Unread.Length < 4)
        {
            await FillAsync(lines, source, ct);
        }
    }

    private Stream SniffEncoding(Utf8LineBuffer lines, Stream source)
    {
        var head = lines.Unread;
        if (head.StartsWith("\xEF\xBB\xBF"u8))
        {
            lines.Skip(3);
            return source;
        }

        Encoding? wide = head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? Encoding.Unicode
            : head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? Encoding.BigEndianUnicode
            : null;
        if (wide is null)
        {
            return source;
        }

        _problems.Add(1, "utf16", "The playlist is UTF-16; it was transcoded to UTF-8.");
        lines.Skip(2);
        var atEnd = lines.IsAtEnd;
        var rest = lines.DrainUnread();
        Stream tail = atEnd ? Stream.Null : source;
        var transcoded = Encoding.CreateTranscodingStream(new PrefixedStream(rest, tail), wide, Encoding.UTF8, leaveOpen: true);
        lines.Reopen();
        return transcoded;
    }
}
