using System.Buffers;
using System.Runtime.CompilerServices;

namespace M3uStrm.Formats.M3u;

/// <summary>
/// Reads <c>key="value" key2='v' key3=unquoted words ...,Title</c>. Real lists put commas and quotes
/// inside values, leave values unquoted (with spaces), glue keys to the duration, and omit the comma;
/// the rules below are in the README.
/// </summary>
internal static class M3uAttributeScanner
{
    /// <summary>
    /// Adds the attributes to <paramref name="into"/> as ranges of <paramref name="s"/> shifted by <paramref name="origin"/>,
    /// and returns the range of the title (text after the first comma outside values, trimmed), or null when there is none.
    /// </summary>
    public static (int Start, int Length)? Scan(ReadOnlySpan<byte> s, int origin, M3uRawAttributeList into, ProblemLog problems, long line)
    {
        var i = 0;

        // Where the key after a closing quote ends, found while deciding that the quote closes the value.
        var knownKeyStart = -1;
        var knownKeyEnd = -1;
        while (true)
        {
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }

            if (i >= s.Length)
            {
                return null;
            }

            if (s[i] == (byte)',')
            {
                return Trimmed(s, i + 1, origin);
            }

            var keyStart = i;
            if (i == knownKeyStart)
            {
                i = knownKeyEnd;
            }
            else
            {
                i = FindKeyEnd(s, i);
            }

            var key = s[keyStart..i];
            if (i < s.Length && s[i] == (byte)'=' && !key.IsEmpty)
            {
                i++;
                ReadOnlySpan<byte> value;
                if (i < s.Length && (s[i] == (byte)'"' || s[i] == (byte)'\''))
                {
                    var quote = s[i];
                    var valueStart = i + 1;
                    var close = FindClosingQuote(s, valueStart, quote, out knownKeyStart, out knownKeyEnd);
                    if (close < 0)
                    {
                        problems.Add(line, "unterminated-quote", $"Value of '{M3uParser.Decode(key)}' has no closing quote.");
                        value = s[valueStart..];
                        i = s.Length;
                    }
                    else
                    {
                        value = s[valueStart..close];
                        i = close + 1;
                    }

                    into.Add(origin + keyStart, key.Length, origin + valueStart, value.Length, quote);
                }
                else
                {
                    var valueStart = i;
                    i = FindUnquotedEnd(s, i);
                    value = s[valueStart..i].TrimEnd(" \t"u8);
                    into.Add(origin + keyStart, key.Length, origin + valueStart, value.Length, 0);
                }

                continue;
            }

            if (key.IsEmpty)
            {
                // A stray quote or '=' where a key should start: skip the character.
                i++;
                continue;
            }

            // A word that is not key=value: a title written without the comma, or junk before the comma.
            if (s[i..].IndexOf((byte)',') < 0)
            {
                problems.Add(line, "missing-comma", "#EXTINF has no comma before the title; the remaining text is taken as the title.");
                return Trimmed(s, keyStart, origin);
            }

            problems.Add(line, "stray-token", $"'{M3uParser.Decode(key)}' is not key=value; ignored.");
        }
    }

    private static int FindClosingQuote(ReadOnlySpan<byte> s, int from, byte quote, out int nextKeyStart, out int nextKeyEnd)
    {
        // A quote closes the value only when followed by a separator, so "a "nick" name" survives.
        nextKeyStart = nextKeyEnd = -1;
        var j = from;
        while (j < s.Length)
        {
            var k = s[j..].IndexOf(quote);
            if (k < 0)
            {
                return -1;
            }

            var pos = j + k;
            if (ClosesValue(s, pos + 1, out nextKeyStart, out nextKeyEnd))
            {
                return pos;
            }

            j = pos + 1;
        }

        return -1;
    }

    // After a closing quote comes the end, the title comma, or the next key= (whose extent is returned).
    private static bool ClosesValue(ReadOnlySpan<byte> s, int after, out int keyStart, out int keyEnd)
    {
        keyStart = keyEnd = -1;
        if (after == s.Length || s[after] == (byte)',')
        {
            return true;
        }

        if (!IsSpace(s[after]))
        {
            return false;
        }

        while (after < s.Length && IsSpace(s[after]))
        {
            after++;
        }

        if (after == s.Length || s[after] == (byte)',')
        {
            return true;
        }

        var end = FindKeyEnd(s, after);
        if (end > after && end < s.Length && s[end] == (byte)'=')
        {
            keyStart = after;
            keyEnd = end;
            return true;
        }

        return false;
    }

    private static int FindUnquotedEnd(ReadOnlySpan<byte> s, int i)
    {
        // Unquoted values may contain spaces ("tvg-name=Das Erste HD tvg-id=..."): they end at a comma
        // or at whitespace followed by the next key=.
        while (i < s.Length)
        {
            var b = s[i];
            if (b == (byte)',')
            {
                return i;
            }

            if (IsSpace(b))
            {
                var j = i;
                while (j < s.Length && IsSpace(s[j]))
                {
                    j++;
                }

                if (j >= s.Length || s[j] == (byte)',')
                {
                    return i;
                }

                var k = j;
                while (k < s.Length && !IsKeyEnd(s[k]))
                {
                    k++;
                }

                if (k > j && k < s.Length && s[k] == (byte)'=')
                {
                    return i;
                }

                i = j;
                continue;
            }

            i++;
        }

        return i;
    }

    private static (int Start, int Length) Trimmed(ReadOnlySpan<byte> s, int from, int origin)
    {
        var rest = s[from..];
        if (rest.IsEmpty || (!IsSpace(rest[0]) && !IsSpace(rest[^1])))
        {
            return (origin + from, rest.Length);
        }

        var start = rest.Length - rest.TrimStart(" \t"u8).Length;
        var length = rest[start..].TrimEnd(" \t"u8).Length;
        return (origin + from + start, length);
    }

    private static readonly SearchValues<byte> KeyEnds = SearchValues.Create("= \t,\"'"u8);

    /// <summary>Index of the first key-ending byte at or after <paramref name="i"/>, or the length.</summary>
    private static int FindKeyEnd(ReadOnlySpan<byte> s, int i)
    {
        var length = s[i..].IndexOfAny(KeyEnds);
        return length < 0 ? s.Length : i + length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t';

    private static bool IsKeyEnd(byte b) => b is (byte)'=' or (byte)' ' or (byte)'\t' or (byte)',' or (byte)'"' or (byte)'\'';

    internal static bool IsToken(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }

        // Printable ASCII except the key ends (space, tab, '=', ',', quotes); written out so the writer's per-key check is cheap.
        foreach (var c in key)
        {
            if (c <= ' ' || c >= 127 || c is '=' or ',' or '"' or '\'')
            {
                return false;
            }
        }

        return true;
    }
}
