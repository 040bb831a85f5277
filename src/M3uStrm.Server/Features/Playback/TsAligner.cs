namespace M3uStrm.Server.Features.Playback;

/// <summary>The upstream is not (or no longer) an MPEG-TS stream.</summary>
public sealed class TsSyncLostException(string message) : Exception(message);

/// <summary>
/// Cuts an MPEG-TS byte stream into whole 188-byte packets. Viewers only ever get whole packets, so when the relay
/// switches to another upstream mid-stream the cut falls on a packet boundary and players resynchronise at once.
/// Garbage between packets is skipped; more than <see cref="MaxLostBytes"/> without sync means the stream is broken.
/// </summary>
public sealed class TsAligner
{
    public const int PacketSize = 188;
    public const byte SyncByte = 0x47;

    /// <summary>Bytes without packet sync tolerated before the stream counts as lost (about 200 packets).</summary>
    public const int MaxLostBytes = PacketSize * 200;

    private readonly byte[] pending = new byte[PacketSize * 3];
    private int pendingLength;
    private int lostBytes;
    private bool synced;

    public long SkippedBytes { get; private set; }

    /// <summary>Forgets any partial packet (used when switching to another upstream).</summary>
    public void Reset()
    {
        pendingLength = 0;
        lostBytes = 0;
        synced = false;
    }

    /// <summary>Returns the whole packets that <paramref name="input"/> completes (possibly none) as one new array.</summary>
    public byte[] Push(ReadOnlySpan<byte> input)
    {
        // Join the leftover with the new bytes; the common case (nothing pending) reads the input in place.
        ReadOnlySpan<byte> data = input;
        if (pendingLength > 0)
        {
            var joined = new byte[pendingLength + input.Length];
            pending.AsSpan(0, pendingLength).CopyTo(joined);
            input.CopyTo(joined.AsSpan(pendingLength));
            data = joined;
            pendingLength = 0;
        }

        var output = new byte[data.Length - data.Length % PacketSize];
        var written = 0;
        var pos = 0;
        while (pos < data.Length)
        {
            var remaining = data.Length - pos;
            if (data[pos] == SyncByte && (synced || remaining < PacketSize * 2 || data[pos + PacketSize] == SyncByte))
            {
                if (remaining < PacketSize)
                {
                    break;
                }

                if (!synced && remaining < PacketSize * 2)
                {
                    // Not enough bytes yet to confirm sync on the next packet.
                    break;
                }

                synced = true;
                lostBytes = 0;
                data.Slice(pos, PacketSize).CopyTo(output.AsSpan(written));
                written += PacketSize;
                pos += PacketSize;
                continue;
            }

            // Out of sync: skip to the next sync byte candidate.
            synced = false;
            var next = data[(pos + 1)..].IndexOf(SyncByte);
            var skip = next < 0 ? remaining : next + 1;
            pos += skip;
            lostBytes += skip;
            SkippedBytes += skip;
            if (lostBytes > MaxLostBytes)
            {
                throw new TsSyncLostException($"no MPEG-TS packet sync in {lostBytes} bytes");
            }
        }

        var rest = data.Length - pos;
        if (rest > pending.Length)
        {
            // Cannot happen: fewer than two packets are ever held back.
            throw new InvalidOperationException("TS aligner overflow");
        }

        data.Slice(pos, rest).CopyTo(pending);
        pendingLength = rest;
        return written == output.Length ? output : output[..written];
    }
}
