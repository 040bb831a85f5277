using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace M3uStrm.Formats.M3u;

/// <summary>
/// The line-by-line state machine behind <see cref="M3uReader"/>. Works on UTF-8 bytes; strings are
/// created only for data that ends up in an entry. An entry collects every directive since the
/// previous URL and is complete at its URL line (or at the next <c>#EXTINF</c> when the URL is missing).
/// </summary>
internal sealed class M3uParser(ProblemLog problems)
{
    private readonly List<M3uAttribute> _attributes = new(16);
    private readonly List<M3uAttribute> _headerAttributes = [];

    private bool _sawHeader;
    private bool _sawContent;
    private long _headerLine;
    private bool _hlsReported;

    // Pending entry.
    private bool _pending;
    private bool _pendingExtInf;
    private long _pendingLine;
    private double? _duration;
    private string _title = "";
    private string? _extGrp;
    private List<M3uAttribute>? _vlc;
    private List<M3uAttribute>? _kodi;
    private List<M3uAttribute>? _http;
    private List<string>? _other;

    public bool IsHlsMediaPlaylist { get; private set; }

    public M3uHeader Header => _sawHeader
        ? new M3uHeader { Present = true, Line = _headerLine, Attributes = _headerAttributes.ToArray() }
        : M3uHeader.Empty;

    public M3uEntry? AcceptLine(ReadOnlySpan<byte> raw, long lineNumber, bool truncated)
    {
        if (truncated)
        {
            problems.Add(lineNumber, "line-too-long", $"Line is longer than the limit; only the first {raw.Length} bytes were read.");
        }

        var line = raw.Trim(" \t\f\v\0"u8);
        if (line.IsEmpty)
        {
            return null;
        }

        if (!Utf8.IsValid(line))
        {
            problems.Add(lineNumber, "invalid-utf8", "Line is not valid UTF-8; invalid bytes were replaced with U+FFFD.");
        }

        if (line[0] == (byte)'#')
        {
            return AcceptDirective(line, lineNumber);
        }

        if (!_sawHeader && !_sawContent)
        {
            var at = line.IndexOf("#EXTM3U"u8);
            if (at > 0)
            {
                problems.Add(lineNumber, "garbage-before-header", "Text before #EXTM3U on the first line was ignored.");
                ReadHeader(line[at..], lineNumber);
                return null;
            }
        }

        return AcceptUrl(line, lineNumber);
    }

    /// <summary>Called at end of input: returns a dangling entry, if any.</summary>
    public M3uEntry? Complete(long lastLine)
    {
        if (!_sawHeader && _sawContent)
        {
            problems.Add(1, "missing-header", "The playlist does not start with #EXTM3U; read it anyway.");
        }

        if (_pendingExtInf)
        {
            problems.Add(_pendingLine, "entry-without-url", "#EXTINF is not followed by a URL.");
            return Emit(url: null);
        }

        if (_pending)
        {
            problems.Add(lastLine, "directives-without-entry", "Directives at the end of the file belong to no entry.");
            ResetPending();
        }

        return null;
    }

    private M3uEntry? AcceptDirective(ReadOnlySpan<byte> line, long lineNumber)
    {
        if (StartsWith(line, "#EXTINF"u8))
        {
            _sawContent = true;
            M3uEntry? previous = null;
            if (_pendingExtInf)
            {
                problems.Add(_pendingLine, "entry-without-url", "#EXTINF is not followed by a URL.");
                previous = Emit(url: null);
            }

            ReadExtInf(line, lineNumber);
            return previous;
        }

        if (StartsWith(line, "#EXTM3U"u8))
        {
            ReadHeader(line, lineNumber);
            return null;
        }

        if (StartsWith(line, "#EXTGRP:"u8))
        {
            MarkPending(lineNumber);
            _extGrp = Decode(line[8..].Trim((byte)' '));
            return null;
        }

        if (StartsWith(line, "#EXTVLCOPT:"u8))
        {
            MarkPending(lineNumber);
            (_vlc ??= []).Add(ReadOption(line[11..]));
            return null;
        }

        if (StartsWith(line, "#KODIPROP:"u8))
        {
            MarkPending(lineNumber);
            (_kodi ??= []).Add(ReadOption(line[10..]));
            return null;
        }

        if (StartsWith(line, "#EXTHTTP:"u8))
        {
            MarkPending(lineNumber);
            ReadExtHttp(line[9..], lineNumber);
            return null;
        }

        if (StartsWith(line, "#EXT-X-"u8))
        {
            if (IsHlsTag(line))
            {
                IsHlsMediaPlaylist = true;
                if (!_hlsReported)
                {
                    _hlsReported = true;
                    problems.Add(lineNumber, "hls-playlist",
                        "This is an HLS playlist (segments or variants of one stream), not an IPTV channel list.");
                }
            }

            return null;
        }

        if (StartsWith(line, "#EXT"u8))
        {
            MarkPending(lineNumber);
            (_other ??= []).Add(Decode(line));
        }

        // Anything else is a comment.
        return null;
    }

    private static bool IsHlsTag(ReadOnlySpan<byte> line) =>
        StartsWith(line, "#EXT-X-TARGETDURATION"u8) || StartsWith(line, "#EXT-X-MEDIA-SEQUENCE"u8)
        || StartsWith(line, "#EXT-X-STREAM-INF"u8) || StartsWith(line, "#EXT-X-ENDLIST"u8)
        || StartsWith(line, "#EXT-X-PLAYLIST-TYPE"u8) || StartsWith(line, "#EXT-X-VERSION"u8)
        || StartsWith(line, "#EXT-X-KEY"u8) || StartsWith(line, "#EXT-X-MAP"u8);

    private M3uEntry? AcceptUrl(ReadOnlySpan<byte> line, long lineNumber)
    {
        _sawContent = true;
        if (_pendingExtInf && CanStartUrl(line[0]))
        {
            return Emit(Decode(line));
        }

        if (line.IndexOf("://"u8) > 0)
        {
            problems.Add(lineNumber, "url-without-extinf", "URL without a preceding #EXTINF; kept as an entry without title.");
            if (!_pending)
            {
                _pendingLine = lineNumber;
            }

            _pending = true;
            return Emit(Decode(line), hasExtInf: false);
        }

        problems.Add(lineNumber, "stray-text", "Line is neither a directive nor a URL; ignored.");
        return null;
    }

    // Relative references are legal URL lines, but a line like "=====garbage=====" is a separator someone typed.
    private static bool CanStartUrl(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'/' or (byte)'.' or (byte)'~' or (byte)'%' or (byte)'_' or (byte)'[' or (byte)'\\' or >= 0x80;

    private void MarkPending(long lineNumber)
    {
        if (!_pending)
        {
            _pending = true;
            _pendingLine = lineNumber;
        }
    }

    private void ReadHeader(ReadOnlySpan<byte> line, long lineNumber)
    {
        var rest = line[7..];
        if (_sawHeader)
        {
            problems.Add(lineNumber, "repeated-header", "Another #EXTM3U line; its new attributes were added to the header.");
        }
        else
        {
            if (_sawContent)
            {
                problems.Add(lineNumber, "late-header", "#EXTM3U appears after entries.");
            }

            _sawHeader = true;
            _headerLine = lineNumber;
        }

        _attributes.Clear();
        M3uAttributeScanner.Scan(rest, _attributes, out _, problems, lineNumber);
        foreach (var a in _attributes)
        {
            if (M3uAttributes.Find(_headerAttributes, a.Key) is null)
            {
                _headerAttributes.Add(a);
            }
        }

        _attributes.Clear();
    }

    private void ReadExtInf(ReadOnlySpan<byte> line, long lineNumber)
    {
        // Directives seen before this #EXTINF (and after the previous URL) stay with this entry.
        _pending = true;
        _pendingExtInf = true;
        _pendingLine = lineNumber;
        _attributes.Clear();

        var rest = line[7..];
        if (!rest.IsEmpty && rest[0] == (byte)':')
        {
            rest = rest[1..];
        }
        else
        {
            problems.Add(lineNumber, "extinf-without-colon", "#EXTINF is not followed by ':'.");
        }

        rest = rest.TrimStart((byte)' ');
        var durationLength = 0;
        while (durationLength < rest.Length && IsDurationByte(rest[durationLength]))
        {
            durationLength++;
        }

        _duration = null;
        if (durationLength > 0)
        {
            if (Utf8Parser.TryParse(rest[..durationLength], out double d, out var consumed) && consumed == durationLength)
            {
                _duration = d;
            }
            else
            {
                problems.Add(lineNumber, "bad-duration", $"Duration '{Decode(rest[..durationLength])}' is not a number.");
            }
        }

        _title = M3uAttributeScanner.Scan(rest[durationLength..], _attributes, out var hasTitle, problems, lineNumber);
        if (!hasTitle)
        {
            problems.Add(lineNumber, "missing-title", "#EXTINF has no ',title'.");
        }
    }

    private static bool IsDurationByte(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'+' or (byte)'.';

    private static M3uAttribute ReadOption(ReadOnlySpan<byte> option)
    {
        var eq = option.IndexOf((byte)'=');
        if (eq < 0)
        {
            return new M3uAttribute(DecodeLower(option.Trim((byte)' ')), "");
        }

        var value = option[(eq + 1)..].Trim((byte)' ');
        if (value.Length >= 2 && (value[0] == (byte)'"' || value[0] == (byte)'\'') && value[^1] == value[0])
        {
            value = value[1..^1];
        }

        return new M3uAttribute(DecodeLower(option[..eq].Trim((byte)' ')), Decode(value));
    }

    private void ReadExtHttp(ReadOnlySpan<byte> json, long lineNumber)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problems.Add(lineNumber, "bad-exthttp", "#EXTHTTP is not a JSON object.");
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!.ToLowerInvariant();
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    (_http ??= []).Add(new M3uAttribute(name, reader.GetString()!));
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            problems.Add(lineNumber, "bad-exthttp", "#EXTHTTP is not valid JSON.");
        }
    }

    private M3uEntry Emit(string? url, bool hasExtInf = true)
    {
        var entry = new M3uEntry
        {
            Line = _pendingLine,
            HasExtInf = hasExtInf,
            Duration = hasExtInf ? _duration : null,
            Title = hasExtInf ? _title : "",
            Attributes = hasExtInf && _attributes.Count > 0 ? _attributes.ToArray() : [],
            Url = url,
            ExtGrp = _extGrp,
            VlcOptions = _vlc is null ? [] : _vlc.ToArray(),
            KodiProps = _kodi is null ? [] : _kodi.ToArray(),
            ExtHttpHeaders = _http is null ? [] : _http.ToArray(),
            OtherDirectives = _other is null ? [] : _other.ToArray(),
        };
        ResetPending();
        return entry;
    }

    private void ResetPending()
    {
        _pending = false;
        _pendingExtInf = false;
        _duration = null;
        _title = "";
        _extGrp = null;
        _vlc?.Clear();
        _kodi?.Clear();
        _http?.Clear();
        _other?.Clear();
        _attributes.Clear();
    }

    private static bool StartsWith(ReadOnlySpan<byte> line, ReadOnlySpan<byte> prefix) =>
        line.StartsWith(prefix) || (line.Length >= prefix.Length && Ascii.EqualsIgnoreCase(line[..prefix.Length], prefix));

    internal static string Decode(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? "" : Encoding.UTF8.GetString(bytes);

    internal static string DecodeLower(ReadOnlySpan<byte> key)
    {
        if (key.Length <= 64)
        {
            Span<byte> lower = stackalloc byte[key.Length];
            if (Ascii.ToLower(key, lower, out _) == System.Buffers.OperationStatus.Done)
            {
                return M3uKeys.Intern(lower) ?? Encoding.UTF8.GetString(lower);
            }
        }

        return Encoding.UTF8.GetString(key).ToLowerInvariant();
    }
}
