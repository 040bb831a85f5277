using System.Text;

namespace M3uStrm.FormatsCli;

/// <summary>Cuts a playlist file into ranges that each start at an <c>#EXTINF</c> line, so the ranges parse independently.</summary>
internal static class PlaylistSplit
{
    public static List<(long Start, long End)> Ranges(string path, int parts)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = file.Length;
        var starts = new List<long> { 0 };
        var window = new byte[1 << 16];
        var marker = Encoding.ASCII.GetBytes("\n#EXTINF");
        for (var k = 1; k < parts; k++)
        {
            file.Position = length * k / parts;
            var read = file.ReadAtLeast(window, window.Length, throwOnEndOfStream: false);
            var at = window.AsSpan(0, read).IndexOf(marker);
            if (at >= 0 && file.Position - read + at + 1 > starts[^1])
            {
                starts.Add(file.Position - read + at + 1);
            }
        }

        var ranges = new List<(long, long)>();
        for (var i = 0; i < starts.Count; i++)
        {
            ranges.Add((starts[i], i + 1 < starts.Count ? starts[i + 1] : length));
        }

        return ranges;
    }
}

/// <summary>Reads at most <paramref name="size"/> bytes of the inner stream from its current position.</summary>
internal sealed class FileRange(Stream inner, long size) : Stream
{
    private long _remaining = size;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length { get; } = size;
    public override long Position { get => Length - _remaining; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_remaining <= 0)
        {
            return 0;
        }

        var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
