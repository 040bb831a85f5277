using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using System.Text;

namespace M3uStrm.Formats.M3u;

/// <summary>
/// The line-by-line state machine behind <see cref="M3uReader"/>. Works on UTF-8 bytes: an entry's
/// lines are copied into an <see cref="M3uEntrySlot"/> with ranges for its values, and strings are made
/// only when an <see cref="M3uEntry"/> is asked for. An entry collects every directive since the
/// previous URL and is complete at its URL line (or at the next <c>#EXTINF</c> when the URL is missing).
/// </summary>
internal sealed class M3uParser(ProblemLog problems)
{
    private readonly M3uRawAttributeList _scratch = new();
    private readonly List<M3uAttribute> _headerAttributes = [];

    // The entry being collected, and the last completed one (valid until the next line is accepted).
    private M3uEntrySlot _current = new();
    private M3uEntrySlot _completed = new();

    private bool _sawHeader;
    private bool _sawContent;
    private long _headerLine;
    private bool _hlsReported;

    // Pending entry.
    private bool _pending;
    private bool _pendingExtInf;
    private long _pendingLine;

    public bool IsHlsMediaPlaylist { get; private set; }

    /// <summary>The entry completed by the last <see cref="AcceptLine"/> or <see cref="Complete"/> that returned true.</summary>
    public M3uEntrySlot Completed => _completed;

    public M3uHeader Header => _sawHeader
        ? new M3uHeader { Present = true, Line = _headerLine, Attributes = _headerAttributes.ToArray() }
        : M3uHeader.Empty;

    /// <summary>
    /// Takes one line; returns true when it completed an entry (see <see cref="Completed"/>).
    /// <paramref name="valid"/>: whether the line is valid UTF-8, when the caller knows (null: check here).
    /// </summary>
    public bool AcceptLine(ReadOnlySpan<byte> raw, long lineNumber, bool truncated, bool? valid = null)
    {
        if (truncated)
        {
            problems.Add(lineNumber, "line-too-long", $"Line is longer than the limit; only the first {raw.Length} bytes were read.");
        }

        // Most lines need no trimming; the general Trim tests each end byte against five values.
        var line = raw.Length > 0 && raw[0] > (byte)' ' && raw[^1] > (byte)' ' ? raw : raw.Trim(" \t\f\v\0"u8);
        if (line.IsEmpty)
        {
            return false;
        }

        if (!(valid ?? Utf8.IsValid(line)))
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
                return false;
            }
        }

        return AcceptUrl(line, lineNumber);
    }

    /// <summary>Called at end of input: returns true when a dangling entry was completed.</summary>
    public bool Complete(long lastLine)
    {
        if (!_sawHeader && _sawContent)
        {
            problems.Add(1, "missing-header", "The playlist does not start with #EXTM3U; read it anyway.");
        }

        if (_pendingExtInf)
        {
            problems.Add(_pendingLine, "entry-without-url", "#EXTINF is not followed by a URL.");
            return EmitWithoutUrl();
        }

        if (_pending)
        {
            problems.Add(lastLine, "directives-without-entry", "Directives at the end of the file belong to no entry.");
            ResetPending();
        }

        return false;
    }

    private bool AcceptDirective(ReadOnlySpan<byte> line, long lineNumber)
    {
        if (StartsWith(line, "#EXTINF"u8))
        {
            _sawContent = true;
            var previous = false;
            if (_pendingExtInf)
            {
                problems.Add(_pendingLine, "entry-without-url", "#EXTINF is not followed by a URL.");
                previous = EmitWithoutUrl();
            }

            ReadExtInf(line, lineNumber);
            return previous;
        }

        if (StartsWith(line, "#EXTM3U"u8))
        {
            ReadHeader(line, lineNumber);
            return false;
        }

        if (StartsWith(line, "#EXTGRP:"u8))
        {
            MarkPending(lineNumber);
            _current.ExtGrp = Decode(line[8..].Trim((byte)' '));
            return false;
        }

        if (StartsWith(line, "#EXTVLCOPT:"u8))
        {
            MarkPending(lineNumber);
            (_current.Vlc ??= []).Add(ReadOption(line[11..]));
            return false;
        }

        if (StartsWith(line, "#KODIPROP:"u8))
        {
            MarkPending(lineNumber);
            (_current.Kodi ??= []).Add(ReadOption(line[10..]));
            return false;
        }

        if (StartsWith(line, "#EXTHTTP:"u8))
        {
            MarkPending(lineNumber);
            ReadExtHttp(line[9..], lineNumber);
            return false;
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

            return false;
        }

        if (StartsWith(line, "#EXT"u8))
        {
            MarkPending(lineNumber);
            (_current.Other ??= []).Add(Decode(line));
        }

        // Anything else is a comment.
        return false;
    }

    private static bool IsHlsTag(ReadOnlySpan<byte> line) =>
        StartsWith(line, "#EXT-X-TARGETDURATION"u8) || StartsWith(line, "#EXT-X-MEDIA-SEQUENCE"u8)
        || StartsWith(line, "#EXT-X-STREAM-INF"u8) || StartsWith(line, "#EXT-X-ENDLIST"u8)
        || StartsWith(line, "#EXT-X-PLAYLIST-TYPE"u8) || StartsWith(line, "#EXT-X-VERSION"u8)
        || StartsWith(line, "#EXT-X-KEY"u8) || StartsWith(line, "#EXT-X-MAP"u8);

    private bool AcceptUrl(ReadOnlySpan<byte> line, long lineNumber)
    {
        _sawContent = true;
        if (_pendingExtInf && CanStartUrl(line[0]))
        {
            return Emit(line);
        }

        if (line.IndexOf("://"u8) > 0)
        {
            problems.Add(lineNumber, "url-without-extinf", "URL without a preceding #EXTINF; kept as an entry without title.");
            if (!_pending)
            {
                _pendingLine = lineNumber;
            }

            _pending = true;
            return Emit(line, hasExtInf: false);
        }

        problems.Add(lineNumber, "stray-text", "Line is neither a directive nor a URL; ignored.");
        return false;
    }

    // Relative references are legal URL lines, but a line like "=====garbage=====" is a separator someone typed.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

        _scratch.Clear();
        M3uAttributeScanner.Scan(rest, 0, _scratch, problems, lineNumber);
        foreach (ref readonly var raw in _scratch.AsSpan())
        {
            var a = M3uEntrySlot.ToAttribute(rest, raw);
            if (M3uAttributes.Find(_headerAttributes, a.Key) is null)
            {
                _headerAttributes.Add(a);
            }
        }

        _scratch.Clear();
    }

    private void ReadExtInf(ReadOnlySpan<byte> line, long lineNumber)
    {
        // Directives seen before this #EXTINF (and after the previous URL) stay with this entry.
        _pending = true;
        _pendingExtInf = true;
        _pendingLine = lineNumber;
        var slot = _current;
        slot.ResetExtInf();

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

        if (durationLength > 0)
        {
            if (durationLength == 2 && rest[0] == (byte)'-' && rest[1] == (byte)'1')
            {
                slot.Duration = -1; // the common "live" duration, without the general parser
            }
            else if (Utf8Parser.TryParse(rest[..durationLength], out double d, out var consumed) && consumed == durationLength)
            {
                slot.Duration = d;
            }
            else
            {
                problems.Add(lineNumber, "bad-duration", $"Duration '{Decode(rest[..durationLength])}' is not a number.");
            }
        }

        // Only the text after the duration is kept: attributes and title are ranges into it.
        var text = rest[durationLength..];
        var origin = slot.Append(text);
        if (M3uAttributeScanner.Scan(text, origin, slot.Attributes, problems, lineNumber) is { } title)
        {
            (slot.TitleStart, slot.TitleLength) = title;
        }
        else
        {
            problems.Add(lineNumber, "missing-title", "#EXTINF has no ',title'.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
                    (_current.Http ??= []).Add(new M3uAttribute(name, reader.GetString()!));
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

    /// <summary>Completes the pending entry: it becomes <see cref="Completed"/> and a cleared slot collects the next one.</summary>
    private bool Emit(ReadOnlySpan<byte> url, bool hasExtInf = true) => Emit(hasUrl: true, url, hasExtInf);

    private bool EmitWithoutUrl() => Emit(hasUrl: false, default, hasExtInf: true);

    private bool Emit(bool hasUrl, ReadOnlySpan<byte> url, bool hasExtInf)
    {
        var slot = _current;
        slot.Line = _pendingLine;
        slot.HasExtInf = hasExtInf;
        if (hasUrl)
        {
            slot.SetUrl(url);
        }

        _current = _completed;
        _completed = slot;
        ResetPending();
        return true;
    }

    private void ResetPending()
    {
        _pending = false;
        _pendingExtInf = false;
        _current.Clear();
    }

    private static bool StartsWith(ReadOnlySpan<byte> line, ReadOnlySpan<byte> prefix) =>
        line.StartsWith(prefix) || (line.Length >= prefix.Length && Ascii.EqualsIgnoreCase(line[..prefix.Length], prefix));

    internal static string Decode(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? "" : Encoding.UTF8.GetString(bytes);

    internal static string DecodeLower(ReadOnlySpan<byte> key)
    {
        // Most keys are written in lower case already.
        if (M3uKeys.Intern(key) is { } known)
        {
            return known;
        }

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
