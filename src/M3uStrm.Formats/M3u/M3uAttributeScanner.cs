using System.Buffers;

namespace M3uStrm.Formats.M3u;

/// <summary>
/// Reads <c>key="value" key2='v' key3=unquoted words ...,Title</c>. Real lists put commas and quotes
/// inside values, leave values unquoted (with spaces), glue keys to the duration, and omit the comma;
/// the rules below are in the README.
/// </summary>
internal static class M3uAttributeScanner
{
    /// <summary>Adds the attributes to <paramref name="into"/> and returns the title (text after the first comma outside values).</summary>
    public static string Scan(ReadOnlySpan<byte> s, List<M3uAttribute> into, out bool hasTitle, ProblemLog problems, long line)
    {
        var i = 0;
        while (true)
        {
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }

            if (i >= s.Length)
            {
                hasTitle = false;
                return "";
            }

            if (s[i] == (byte)',')
            {
                hasTitle = true;
                return M3uParser.Decode(s[(i + 1)..].Trim(" \t"u8));
            }

            var keyStart = i;
            var keyLength = s[i..].IndexOfAny(KeyEnds);
            i = keyLength < 0 ? s.Length : i + keyLength;

            var key = s[keyStart..i];
            if (i < s.Length && s[i] == (byte)'=' && !key.IsEmpty)
            {
                i++;
                ReadOnlySpan<byte> value;
                if (i < s.Length && (s[i] == (byte)'"' || s[i] == (byte)'\''))
                {
                    var quote = s[i];
                    var valueStart = i + 1;
                    var close = FindClosingQuote(s, valueStart, quote);
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

                    into.Add(new M3uAttribute(M3uParser.DecodeLower(key), DecodeValue(value, quote)));
                }
                else
                {
                    var valueStart = i;
                    i = FindUnquotedEnd(s, i);
                    value = s[valueStart..i].TrimEnd(" \t"u8);
                    into.Add(new M3uAttribute(M3uParser.DecodeLower(key), M3uParser.Decode(value)));
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
                hasTitle = true;
                return M3uParser.Decode(s[keyStart..].Trim(" \t"u8));
            }

            problems.Add(line, "stray-token", $"'{M3uParser.Decode(key)}' is not key=value; ignored.");
        }
    }

    private static int FindClosingQuote(ReadOnlySpan<byte> s, int from, byte quote)
    {
        // A quote closes the value only when followed by a separator, so "a "nick" name" survives.
        var j = from;
        while (j < s.Length)
        {
            var k = s[j..].IndexOf(quote);
            if (k < 0)
            {
                return -1;
            }

            var pos = j + k;
            if (ClosesValue(s, pos + 1))
            {
                return pos;
            }

            j = pos + 1;
        }

        return -1;
    }

    // After a closing quote comes the end, the title comma, or the next key=.
    private static bool ClosesValue(ReadOnlySpan<byte> s, int after)
    {
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

        var keyLength = s[after..].IndexOfAny(KeyEnds);
        return keyLength > 0 && s[after + keyLength] == (byte)'=';
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

    private static string DecodeValue(ReadOnlySpan<byte> value, byte quote)
    {
        var text = M3uParser.Decode(value);
        // The writer escapes a value holding both quote kinds with &quot;; nothing else is an escape in M3U.
        return quote == (byte)'"' && value.IndexOf("&quot;"u8) >= 0 ? text.Replace("&quot;", "\"", StringComparison.Ordinal) : text;
    }

    private static readonly SearchValues<byte> KeyEnds = SearchValues.Create("= \t,\"'"u8);

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t';

    private static bool IsKeyEnd(byte b) => b is (byte)'=' or (byte)' ' or (byte)'\t' or (byte)',' or (byte)'"' or (byte)'\'';

    internal static bool IsKeyByte(byte b) => !IsKeyEnd(b) && b > 32 && b < 127;

    internal static bool IsToken(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c >= 127 || !IsKeyByte((byte)c))
            {
                return false;
            }
        }

        return true;
    }
}
