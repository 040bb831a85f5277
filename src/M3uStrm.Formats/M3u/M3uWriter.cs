using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace M3uStrm.Formats.M3u;

/// <summary>
/// Writes playlists that <see cref="M3uReader"/> reads back unchanged. Values are quoted with
/// <c>"</c>, or with <c>'</c> when they contain <c>"</c>; a value holding both writes <c>"</c> as
/// <c>&amp;quot;</c>. Line breaks inside values cannot be represented and become spaces.
/// Output is UTF-8 without BOM, LF line endings.
/// </summary>
public sealed class M3uWriter : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer;
    private int _length;

    public M3uWriter(Stream stream, bool leaveOpen = false, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, 4096));
    }

    public void WriteHeader(M3uHeader header)
    {
        Append("#EXTM3U");
        foreach (var a in header.Attributes)
        {
            AppendAttribute(a);
        }

        Append('\n');
    }

    /// <summary>Buffers the entry and writes the buffer synchronously when it is half full.</summary>
    public void WriteEntry(M3uEntry entry)
    {
        AppendEntry(entry);
        if (_length > _buffer.Length / 2)
        {
            FlushBuffer();
        }
    }

    /// <summary>Buffers the entry and writes asynchronously (hosts such as Kestrel forbid synchronous writes).</summary>
    public async ValueTask WriteEntryAsync(M3uEntry entry, CancellationToken cancellationToken = default)
    {
        AppendEntry(entry);
        if (_length > _buffer.Length / 2)
        {
            await _stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
            _length = 0;
        }
    }

    private void AppendEntry(M3uEntry entry)
    {
        if (entry.HasExtInf)
        {
            Append("#EXTINF:");
            if (entry.Duration is { } d)
            {
                AppendNumber(d);
            }

            foreach (var a in entry.Attributes)
            {
                AppendAttribute(a);
            }

            Append(',');
            Append(OneLine(entry.Title).Trim());
            Append('\n');
        }

        if (entry.ExtGrp is not null)
        {
            Append("#EXTGRP:");
            Append(OneLine(entry.ExtGrp).Trim());
            Append('\n');
        }

        AppendOptions("#EXTVLCOPT:", entry.VlcOptions);
        AppendOptions("#KODIPROP:", entry.KodiProps);
        if (entry.ExtHttpHeaders.Count > 0)
        {
            Append("#EXTHTTP:");
            Append(ExtHttpJson(entry.ExtHttpHeaders));
            Append('\n');
        }

        foreach (var directive in entry.OtherDirectives)
        {
            Append(OneLine(directive));
            Append('\n');
        }

        if (entry.Url is not null)
        {
            Append(OneLine(entry.Url).Trim());
            Append('\n');
        }
    }

    /// <summary>Writes a whole playlist.</summary>
    public static async Task WriteAsync(Stream stream, M3uHeader header, IAsyncEnumerable<M3uEntry> entries, CancellationToken cancellationToken = default)
    {
        await using var writer = new M3uWriter(stream, leaveOpen: true);
        writer.WriteHeader(header);
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            await writer.WriteEntryAsync(entry, cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    public static void Write(Stream stream, M3uHeader header, IEnumerable<M3uEntry> entries)
    {
        using var writer = new M3uWriter(stream, leaveOpen: true);
        writer.WriteHeader(header);
        foreach (var entry in entries)
        {
            writer.WriteEntry(entry);
        }

        writer.Flush();
    }

    public void Flush()
    {
        FlushBuffer();
        _stream.Flush();
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_length > 0)
        {
            await _stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
            _length = 0;
        }

        await _stream.FlushAsync(cancellationToken);
    }

    public void Dispose()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        FlushBuffer();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        await FlushAsync();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync();
        }
    }

    private void AppendAttribute(M3uAttribute attribute)
    {
        if (!M3uAttributeScanner.IsToken(attribute.Key))
        {
            // A key the reader could not read back (space, quote, '='): not representable.
            return;
        }

        if (attribute.Value.AsSpan().IndexOfAny(QuotesAndBreaks) < 0)
        {
            // The usual value: no quote to choose around, no line break to replace. One capacity check for all of it.
            Ensure(((attribute.Key.Length + attribute.Value.Length) * 3) + 4);
            _buffer[_length++] = (byte)' ';
            AppendUnchecked(attribute.Key);
            _buffer[_length++] = (byte)'=';
            _buffer[_length++] = (byte)'"';
            AppendUnchecked(attribute.Value);
            _buffer[_length++] = (byte)'"';
            return;
        }

        Append(' ');
        Append(attribute.Key);
        Append('=');

        var value = OneLine(attribute.Value);
        var hasDouble = value.Contains('"', StringComparison.Ordinal);
        if (hasDouble && !value.Contains('\'', StringComparison.Ordinal))
        {
            Append('\'');
            Append(value);
            Append('\'');
            return;
        }

        Append('"');
        Append(hasDouble ? value.Replace("\"", "&quot;", StringComparison.Ordinal) : value);
        Append('"');
    }

    private void AppendOptions(string directive, IReadOnlyList<M3uAttribute> options)
    {
        foreach (var option in options)
        {
            Append(directive);
            Append(OneLine(option.Key));
            Append('=');
            Append(OneLine(option.Value));
            Append('\n');
        }
    }

    private static string ExtHttpJson(IReadOnlyList<M3uAttribute> headers)
    {
        using var ms = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(ms))
        {
            json.WriteStartObject();
            foreach (var h in headers)
            {
                json.WriteString(h.Key, h.Value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static string OneLine(string value) =>
        value.AsSpan().IndexOfAny('\r', '\n') < 0 ? value : value.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ');

    private void AppendNumber(double value)
    {
        Ensure(32);
        if (value == Math.Floor(value) && Math.Abs(value) < 1e9 && !(value == 0 && double.IsNegative(value)))
        {
            // Integral durations (-1, 0, 3600): "R" prints them as plain integers, and long formatting is far cheaper.
            ((long)value).TryFormat(_buffer.AsSpan(_length), out var digits, default, CultureInfo.InvariantCulture);
            _length += digits;
            return;
        }

        if (!value.TryFormat(_buffer.AsSpan(_length), out var written, "R", CultureInfo.InvariantCulture))
        {
            written = Encoding.UTF8.GetBytes(value.ToString("R", CultureInfo.InvariantCulture), _buffer.AsSpan(_length));
        }

        _length += written;
    }

    private void Append(char c)
    {
        Ensure(1);
        _buffer[_length++] = (byte)c;
    }

    private void Append(string text)
    {
        Ensure((text.Length * 3) + 3); // UTF-8 needs at most 3 bytes per UTF-16 char
        AppendUnchecked(text);
    }

    /// <summary>Appends UTF-8 for <paramref name="text"/>; the caller made room for 3 bytes per char.</summary>
    private void AppendUnchecked(string text)
    {
        // Nearly all text is ASCII: narrowing is cheaper than the general transcoder, which takes over at the first other char.
        var status = Ascii.FromUtf16(text, _buffer.AsSpan(_length), out var ascii);
        _length += ascii;
        if (status != OperationStatus.Done)
        {
            System.Text.Unicode.Utf8.FromUtf16(text.AsSpan(ascii), _buffer.AsSpan(_length), out _, out var written);
            _length += written;
        }
    }

    private static readonly SearchValues<char> QuotesAndBreaks = SearchValues.Create("\"'\r\n");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            Grow(bytes);
        }
    }

    private void Grow(int bytes)
    {
        // Grow instead of writing here, so the caller decides between sync and async I/O.
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + bytes));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void FlushBuffer()
    {
        if (_length > 0)
        {
            _stream.Write(_buffer, 0, _length);
            _length = 0;
        }
    }
}
