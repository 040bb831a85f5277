using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace M3uStrm.Server.Features.Library;

/// <summary>
/// A 64-bit fingerprint of what a library file is made from: its kind, <see cref="LibraryNfo.FormatVersion"/>, and the
/// STRM URL or every field of the NFO (serialised as JSON, so a field added to <see cref="NfoInfo"/> is covered
/// without touching this). A build compares it with the state table and renders only files whose fingerprint
/// changed. A different fingerprint only costs a render and a content-hash comparison (the file is rewritten only
/// when its bytes differ), so the fingerprint can never cause a needless write; it must never stay the same while
/// the content changes, hence the format version. Never 0 (0 means "unknown" in the state table).
/// </summary>
internal static class LibraryFingerprint
{
    private static readonly JsonSerializerOptions Json = new();

    public static long Of(string kind, string url) =>
        Finish(SHA256.HashData(MemoryMarshal.AsBytes($"{LibraryNfo.FormatVersion}\n{kind}\n{url}".AsSpan())));

    public static long Of(string kind, NfoInfo info) =>
        Finish(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { v = LibraryNfo.FormatVersion, kind, info }, Json)));

    private static long Finish(ReadOnlySpan<byte> digest) => BinaryPrimitives.ReadInt64LittleEndian(digest) is var value and not 0 ? value : 1;
}
