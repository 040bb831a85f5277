using System.Text;

namespace M3uStrm.Formats.M3u;

/// <summary>An attribute as byte ranges into <see cref="M3uEntrySlot.Bytes"/>; <c>Quote</c> is 0 for an unquoted value.</summary>
internal struct M3uRawAttribute
{
    public int KeyStart;
    public int KeyLength;
    public int ValueStart;
    public int ValueLength;
    public byte Quote;
}

/// <summary>A growable array of <see cref="M3uRawAttribute"/> that writes each field in place and hands out spans.</summary>
internal sealed class M3uRawAttributeList
{
    private M3uRawAttribute[] _items = new M3uRawAttribute[16];

    public int Count { get; private set; }

    public ref readonly M3uRawAttribute this[int index] => ref _items[index];

    public ReadOnlySpan<M3uRawAttribute> AsSpan() => _items.AsSpan(0, Count);

    public void Add(int keyStart, int keyLength, int valueStart, int valueLength, byte quote)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, Count * 2);
        }

        ref var a = ref _items[Count++];
        a.KeyStart = keyStart;
        a.KeyLength = keyLength;
        a.ValueStart = valueStart;
        a.ValueLength = valueLength;
        a.Quote = quote;
    }

    public void Clear() => Count = 0;
}

/// <summary>
/// The data of one entry as the parser found it: the <c>#EXTINF</c> line and the URL line are copied
/// (UTF-8) into one buffer and the attributes, title and URL are ranges into it, so parsing an entry
/// allocates nothing. <see cref="ToEntry"/> builds the public <see cref="M3uEntry"/>;
/// <see cref="M3uRawEntry"/> reads the bytes directly. The rare directives (#EXTVLCOPT, ...) are kept as strings.
/// </summary>
internal sealed class M3uEntrySlot
{
    private char[] _chars = new char[512];

    public byte[] Bytes { get; private set; } = new byte[512];

    /// <summary>Bytes in use: the #EXTINF text first, then the URL.</summary>
    public int Length { get; private set; }

    public long Line { get; set; }
    public bool HasExtInf { get; set; }
    public double? Duration { get; set; }
    public int TitleStart { get; set; }
    public int TitleLength { get; set; }
    public bool HasUrl { get; private set; }
    public int UrlStart { get; private set; }
    public int UrlLength { get; private set; }
    public M3uRawAttributeList Attributes { get; } = new();
    public string? ExtGrp { get; set; }
    public List<M3uAttribute>? Vlc { get; set; }
    public List<M3uAttribute>? Kodi { get; set; }
    public List<M3uAttribute>? Http { get; set; }
    public List<string>? Other { get; set; }

    public ReadOnlySpan<byte> Span(int start, int length) => Bytes.AsSpan(start, length);

    /// <summary>Copies bytes in and returns their offset.</summary>
    public int Append(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > Bytes.Length)
        {
            var bigger = new byte[Math.Max(Bytes.Length * 2, Length + bytes.Length)];
            Bytes.AsSpan(0, Length).CopyTo(bigger);
            Bytes = bigger;
        }

        var at = Length;
        bytes.CopyTo(Bytes.AsSpan(at));
        Length += bytes.Length;
        return at;
    }

    public void SetUrl(ReadOnlySpan<byte> url)
    {
        HasUrl = true;
        UrlStart = Append(url);
        UrlLength = url.Length;
    }

    /// <summary>Forgets the #EXTINF data (a new #EXTINF replaces it); directives stay.</summary>
    public void ResetExtInf()
    {
        Length = 0;
        Duration = null;
        TitleStart = TitleLength = 0;
        Attributes.Clear();
    }

    public void Clear()
    {
        ResetExtInf();
        HasUrl = false;
        UrlStart = UrlLength = 0;
        HasExtInf = false;
        ExtGrp = null;
        Vlc?.Clear();
        Kodi?.Clear();
        Http?.Clear();
        Other?.Clear();
    }

    public M3uEntry ToEntry()
    {
        // One UTF-8 → UTF-16 decode of everything; when every byte became one char (ASCII, or invalid
        // bytes replaced one by one) the byte ranges are char ranges and each value is a copy of a slice.
        var bytes = Bytes.AsSpan(0, Length);
        if (_chars.Length < Length)
        {
            _chars = new char[Math.Max(_chars.Length * 2, Length)];
        }

        var sliced = Encoding.UTF8.GetChars(bytes, _chars) == Length;
        var attributes = HasExtInf && Attributes.Count > 0 ? new M3uAttribute[Attributes.Count] : [];
        var mayHaveEscapes = attributes.Length > 0 && bytes.Contains((byte)'&');
        for (var i = 0; i < attributes.Length; i++)
        {
            attributes[i] = ToAttribute(Attributes[i], sliced, mayHaveEscapes);
        }

        return new M3uEntry
        {
            Line = Line,
            HasExtInf = HasExtInf,
            Duration = HasExtInf ? Duration : null,
            Title = HasExtInf ? Text(TitleStart, TitleLength, sliced) : "",
            Attributes = attributes,
            Url = HasUrl ? Text(UrlStart, UrlLength, sliced) : null,
            ExtGrp = ExtGrp,
            VlcOptions = Vlc is { Count: > 0 } ? Vlc.ToArray() : [],
            KodiProps = Kodi is { Count: > 0 } ? Kodi.ToArray() : [],
            ExtHttpHeaders = Http is { Count: > 0 } ? Http.ToArray() : [],
            OtherDirectives = Other is { Count: > 0 } ? Other.ToArray() : [],
        };
    }

    private M3uAttribute ToAttribute(in M3uRawAttribute a, bool sliced, bool mayHaveEscapes)
    {
        var key = M3uParser.DecodeLower(Span(a.KeyStart, a.KeyLength));
        var value = Text(a.ValueStart, a.ValueLength, sliced);
        // The writer escapes a value holding both quote kinds with &quot;; nothing else is an escape in M3U.
        if (mayHaveEscapes && a.Quote == (byte)'"' && value.Contains("&quot;", StringComparison.Ordinal))
        {
            value = value.Replace("&quot;", "\"", StringComparison.Ordinal);
        }

        return new M3uAttribute(key, value);
    }

    private string Text(int start, int length, bool sliced) =>
        length == 0 ? "" : sliced ? new string(_chars, start, length) : Encoding.UTF8.GetString(Bytes, start, length);

    /// <summary>Attribute as a public pair (header lines).</summary>
    internal static M3uAttribute ToAttribute(ReadOnlySpan<byte> s, in M3uRawAttribute a)
    {
        var value = M3uParser.Decode(s.Slice(a.ValueStart, a.ValueLength));
        if (a.Quote == (byte)'"' && value.Contains("&quot;", StringComparison.Ordinal))
        {
            value = value.Replace("&quot;", "\"", StringComparison.Ordinal);
        }

        return new M3uAttribute(M3uParser.DecodeLower(s.Slice(a.KeyStart, a.KeyLength)), value);
    }
}
