using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace M3uStrm.Formats.Text;

internal enum LineStatus
{
    Line,
    NeedData,
    End,
}

/// <summary>
/// Splits a byte stream into lines (LF, CRLF or bare CR) over one pooled buffer, so reading a
/// playlist never allocates per line and memory stays bounded by the longest allowed line.
/// The caller does the I/O (sync or async) through <see cref="PrepareFill"/> and <see cref="Commit"/>.
/// </summary>
internal sealed class Utf8LineBuffer : IDisposable
{
    private readonly int _maxLineLength;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    // Inside a line longer than the limit: its head was returned truncated, the rest is dropped.
    private bool _skipping;

    // Whole lines before _validEnd are known to be valid UTF-8: one check of everything up to the last
    // line break serves many lines (lines split at ASCII bytes, so a valid chunk has only valid lines).
    // Before _checkedEnd a chunk failed that check and each line is checked on its own.
    private int _validEnd;
    private int _checkedEnd;
    private int _lineStart;
    private int _lineEnd;
    private bool _lineTruncated;

    public Utf8LineBuffer(int maxLineLength, int bufferSize)
    {
        _maxLineLength = maxLineLength;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, (maxLineLength * 2) + 2));
    }

    /// <summary>Number of the last line returned (1-based).</summary>
    public long LineNumber { get; private set; }

    public bool IsAtEnd => _eof;

    /// <summary>Whether the last returned line is valid UTF-8. Call before the next <see cref="PrepareFill"/>.</summary>
    public bool LastLineIsValidUtf8()
    {
        if (_lineEnd <= _validEnd)
        {
            return true;
        }

        var line = _buffer.AsSpan(_lineStart, _lineEnd - _lineStart);
        if (_lineTruncated || _lineEnd <= _checkedEnd)
        {
            return Utf8.IsValid(line);
        }

        var rest = _buffer.AsSpan(_lineStart, _end - _lineStart);
        var chunkEnd = Math.Max(_lineStart + rest.LastIndexOfAny((byte)'\n', (byte)'\r'), _lineEnd);
        if (Utf8.IsValid(_buffer.AsSpan(_lineStart, chunkEnd - _lineStart)))
        {
            _validEnd = chunkEnd;
            return true;
        }

        _checkedEnd = chunkEnd;
        return Utf8.IsValid(line);
    }

    /// <summary>Returns the next line; the span is valid until the next <see cref="PrepareFill"/>.</summary>
    public LineStatus TryReadLine(out ReadOnlySpan<byte> line, out bool truncated)
    {
        line = default;
        truncated = false;
        while (true)
        {
            var data = _buffer.AsSpan(_start, _end - _start);
            if (_skipping)
            {
                var k = data.IndexOfAny((byte)'\n', (byte)'\r');
                if (k < 0)
                {
                    _start = _end;
                    if (_eof)
                    {
                        _skipping = false;
                        return LineStatus.End;
                    }

                    return LineStatus.NeedData;
                }

                if (data[k] == (byte)'\r' && k + 1 == data.Length && !_eof)
                {
                    // Keep the CR: the next byte decides whether it is CRLF.
                    _start += k;
                    return LineStatus.NeedData;
                }

                _start += k + TerminatorLength(data, k);
                _skipping = false;
                continue;
            }

            if (data.IsEmpty)
            {
                return _eof ? LineStatus.End : LineStatus.NeedData;
            }

            var i = data.IndexOfAny((byte)'\n', (byte)'\r');
            if (i < 0)
            {
                if (data.Length > _maxLineLength)
                {
                    line = data[.._maxLineLength];
                    truncated = true;
                    SetLine(_maxLineLength);
                    _start = _end;
                    _skipping = !_eof;
                    LineNumber++;
                    return LineStatus.Line;
                }

                if (!_eof)
                {
                    return LineStatus.NeedData;
                }

                line = data;
                SetLine(data.Length);
                _start = _end;
                LineNumber++;
                return LineStatus.Line;
            }

            if (data[i] == (byte)'\r' && i + 1 == data.Length && !_eof)
            {
                return LineStatus.NeedData;
            }

            if (i > _maxLineLength)
            {
                line = data[.._maxLineLength];
                truncated = true;
            }
            else
            {
                line = data[..i];
            }

            SetLine(line.Length);

            _start += i + TerminatorLength(data, i);
            LineNumber++;
            return LineStatus.Line;
        }
    }

    private void SetLine(int length)
    {
        _lineStart = _start;
        _lineEnd = _start + length;
        _lineTruncated = length == _maxLineLength;
    }

    /// <summary>Moves unread bytes to the front and returns the free space to read into.</summary>
    public Memory<byte> PrepareFill()
    {
        _lineStart = _lineEnd = 0;
        if (_start > 0)
        {
            _validEnd = Math.Max(0, _validEnd - _start);
            _checkedEnd = Math.Max(0, _checkedEnd - _start);
            var remaining = _end - _start;
            if (remaining > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
            }

            _start = 0;
            _end = remaining;
        }

        return _buffer.AsMemory(_end);
    }

    public void Commit(int bytesRead)
    {
        if (bytesRead <= 0)
        {
            _eof = true;
        }
        else
        {
            _end += bytesRead;
        }
    }

    /// <summary>Unread bytes, used to sniff a byte-order mark before any line is read.</summary>
    public ReadOnlySpan<byte> Unread => _buffer.AsSpan(_start, _end - _start);

    public void Skip(int count) => _start += count;

    /// <summary>Takes the unread bytes out (for re-decoding through another encoding).</summary>
    public byte[] DrainUnread()
    {
        var rest = Unread.ToArray();
        _start = _end = _validEnd = _checkedEnd = 0;
        return rest;
    }

    /// <summary>Starts over with a new source (after switching encodings).</summary>
    public void Reopen()
    {
        _start = _end = _validEnd = _checkedEnd = 0;
        _eof = false;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TerminatorLength(ReadOnlySpan<byte> data, int index) =>
        data[index] == (byte)'\r' && index + 1 < data.Length && data[index + 1] == (byte)'\n' ? 2 : 1;
}
