using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace M3uStrm.Server.Features.Library;

/// <summary>
/// A 64-bit fingerprint of what a library file is made from: its kind, <see cref="LibraryNfo.FormatVersion"/>, and the
/// STRM URL or every field of the NFO (each length-prefixed, so no two different inputs run together). A build
/// compares it with the state table and renders only files whose fingerprint changed. A different fingerprint only
/// costs a render and a content-hash comparison (the file is rewritten only when its bytes differ), so it can never
/// cause a needless write; it must never stay the same while the content changes, hence the format version and a
/// test that every <see cref="NfoInfo"/> field moves it. Never 0 (0 means "unknown" in the state table).
/// </summary>
internal static class LibraryFingerprint
{
    [ThreadStatic]
    private static char[]? buffer;

    public static long Of(string kind, string url)
    {
        var input = new Input(kind);
        input.Add(url);
        return input.Finish();
    }

    public static long Of(string kind, NfoInfo info)
    {
        var input = new Input(kind);
        input.Add(info.Title);
        input.Add(info.Year);
        input.Add(info.Plot);
        input.Add(info.Genre);
        input.Add(info.Rating is { } rating ? BitConverter.DoubleToInt64Bits(rating) : null);
        input.Add(info.RuntimeMinutes);
        input.Add(info.Poster);
        input.Add(info.Fanart);
        input.Add(info.TmdbId);
        input.Add(info.ImdbId);
        input.Add(info.ShowTitle);
        input.Add(info.Season);
        input.Add(info.Episode);
        return input.Finish();
    }

    /// <summary>The inputs as UTF-16 in a per-thread buffer: each value is a tag, a length or a number, then its characters.</summary>
    private ref struct Input
    {
        private char[] chars;
        private int length;

        public Input(string kind)
        {
            chars = buffer ??= new char[1024];
            length = 0;
            Add(LibraryNfo.FormatVersion);
            Add(kind);
        }

        public void Add(string? value)
        {
            if (value is null)
            {
                Append('\0');
                return;
            }

            Add((long)value.Length);
            Ensure(value.Length);
            value.CopyTo(chars.AsSpan(length));
            length += value.Length;
        }

        public void Add(long? value)
        {
            if (value is not { } v)
            {
                Append('\0');
                return;
            }

            Ensure(5);
            chars[length++] = '\u0001';
            for (var shift = 0; shift < 64; shift += 16)
            {
                chars[length++] = (char)(ushort)(v >> shift);
            }
        }

        public readonly long Finish()
        {
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(MemoryMarshal.AsBytes(chars.AsSpan(0, length)), digest);
            return BinaryPrimitives.ReadInt64LittleEndian(digest) is var value and not 0 ? value : 1;
        }

        private void Append(char c)
        {
            Ensure(1);
            chars[length++] = c;
        }

        private void Ensure(int more)
        {
            if (length + more > chars.Length)
            {
                Array.Resize(ref chars, Math.Max(chars.Length * 2, length + more));
                buffer = chars;
            }
        }
    }
}
