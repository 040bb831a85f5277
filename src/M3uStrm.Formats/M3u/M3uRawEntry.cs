using System.Text;

namespace M3uStrm.Formats.M3u;

/// <summary>Receives the entries of <see cref="M3uReader.ReadRawEntries{THandler}(ref THandler)"/>.</summary>
public interface IM3uRawEntryHandler
{
    /// <summary>Called once per entry; <paramref name="entry"/> and its spans are valid only during the call.</summary>
    void OnEntry(in M3uRawEntry entry);
}

/// <summary>
/// One parsed entry as UTF-8 bytes, straight from the parser that builds <see cref="M3uEntry"/> (same rules,
/// same problems), without creating strings. Valid only during <see cref="IM3uRawEntryHandler.OnEntry"/>;
/// <see cref="ToEntry"/> makes the <see cref="M3uEntry"/> a later use needs.
/// Differences from <see cref="M3uEntry"/>: texts are the bytes as written (invalid UTF-8 not yet replaced,
/// the writer's <c>&amp;quot;</c> escape in a value not yet undone) and keys are not lower-cased
/// (<see cref="TryGetAttribute"/> compares them ignoring ASCII case).
/// </summary>
public readonly ref struct M3uRawEntry
{
    private readonly M3uEntrySlot _slot;

    internal M3uRawEntry(M3uEntrySlot slot) => _slot = slot;

    /// <inheritdoc cref="M3uEntry.Line"/>
    public long Line => _slot.Line;

    /// <inheritdoc cref="M3uEntry.HasExtInf"/>
    public bool HasExtInf => _slot.HasExtInf;

    /// <inheritdoc cref="M3uEntry.Duration"/>
    public double? Duration => _slot.HasExtInf ? _slot.Duration : null;

    /// <summary>Text after the first comma outside quotes, trimmed; empty when missing.</summary>
    public ReadOnlySpan<byte> Title => _slot.HasExtInf ? _slot.Span(_slot.TitleStart, _slot.TitleLength) : default;

    /// <summary>False when the entry had no URL line (<see cref="M3uEntry.Url"/> is null).</summary>
    public bool HasUrl => _slot.HasUrl;

    /// <summary>The URL line as written; empty when <see cref="HasUrl"/> is false.</summary>
    public ReadOnlySpan<byte> Url => _slot.Span(_slot.UrlStart, _slot.UrlLength);

    public int AttributeCount => _slot.HasExtInf ? _slot.Attributes.Count : 0;

    /// <summary>Key (as written) and value of the attribute at <paramref name="index"/>, in file order.</summary>
    public void GetAttribute(int index, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)AttributeCount, nameof(index));
        ref readonly var a = ref _slot.Attributes[index];
        key = _slot.Span(a.KeyStart, a.KeyLength);
        value = _slot.Span(a.ValueStart, a.ValueLength);
    }

    /// <summary>Finds the first attribute whose key equals <paramref name="key"/> ignoring ASCII case (as <see cref="M3uEntry.Attribute"/>).</summary>
    public bool TryGetAttribute(ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        if (_slot.HasExtInf && !key.IsEmpty)
        {
            var bytes = _slot.Bytes;
            var first = (byte)(key[0] | 0x20);
            foreach (ref readonly var a in _slot.Attributes.AsSpan())
            {
                // Length and first letter (ASCII case folded) rule out nearly every other key without a call.
                if (a.KeyLength == key.Length && (bytes[a.KeyStart] | 0x20) == first
                    && Ascii.EqualsIgnoreCase(bytes.AsSpan(a.KeyStart, a.KeyLength), key))
                {
                    value = bytes.AsSpan(a.ValueStart, a.ValueLength);
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>The <c>tvg-id</c> value; empty when absent.</summary>
    public ReadOnlySpan<byte> TvgId => TryGetAttribute("tvg-id"u8, out var v) ? v : default;

    /// <summary>The <c>group-title</c> value; empty when absent.</summary>
    public ReadOnlySpan<byte> GroupTitle => TryGetAttribute("group-title"u8, out var v) ? v : default;

    /// <summary>The entry with strings, exactly as <see cref="M3uReader.ReadEntries()"/> yields it.</summary>
    public M3uEntry ToEntry() => _slot.ToEntry();
}
