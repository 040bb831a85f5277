using System.Globalization;
using System.Text;

namespace M3uStrm.Server.Features.Library;

/// <summary>
/// File and folder names that are valid on Linux, Windows and SMB shares and can never leave the library root:
/// Unicode NFC (<see cref="UnicodeNfc"/>), no control or reserved characters (<c>&lt;&gt;:"/\|?*</c>), no leading dots (so no <c>.</c>/<c>..</c>
/// or hidden files), no trailing dots or spaces, no DOS device names (CON, NUL, COM1...), and a length limit in
/// UTF-8 bytes cut at a character boundary.
/// </summary>
public static class LibraryNames
{
    /// <summary>Longest folder or file name in UTF-8 bytes (filesystems allow 255; leaves room for temp-file suffixes).</summary>
    public const int MaxComponentBytes = 180;

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
    };

    /// <summary>A safe name for one path component; <paramref name="fallback"/> when nothing usable remains.</summary>
    public static string Component(string? raw, string fallback = "Untitled", int maxBytes = MaxComponentBytes)
    {
        var text = Clean(raw);
        if (text.Length == 0)
        {
            text = Clean(fallback);
        }

        if (text.Length == 0)
        {
            text = "Untitled";
        }

        text = Truncate(text, maxBytes);
        // A DOS device name is reserved with any extension ("CON.txt", "nul .strm"): check the part before the first dot.
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var stem = (dot < 0 ? text : text[..dot]).TrimEnd(' ');
        if (Reserved.Contains(stem))
        {
            text = "_" + text;
        }

        return text;
    }

    private static string Clean(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return "";
        }

        if (IsPlain(raw))
        {
            return raw; // what the loop and Tidy below would return unchanged (most titles): skip building it again
        }

        // string.Normalize is a no-op under InvariantGlobalization: our own NFC (drops invalid UTF-16 too).
        var normalized = UnicodeNfc.Compose(raw);

        var text = new StringBuilder(normalized.Length);
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (char.IsHighSurrogate(c) && i + 1 < normalized.Length && char.IsLowSurrogate(normalized[i + 1]))
            {
                text.Append(c).Append(normalized[++i]);
                continue;
            }

            if (char.IsSurrogate(c) || c == '\uFFFD')
            {
                continue;
            }

            switch (c)
            {
                case ':':
                    text.Append(" - ");
                    break;
                case '/' or '\\' or '|':
                    text.Append('-');
                    break;
                case '"':
                    text.Append('\'');
                    break;
                case '<' or '>' or '?' or '*':
                    break;
                default:
                    var category = char.GetUnicodeCategory(c);
                    if (char.IsControl(c) || category is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                        || c is '\u200B' or '\u200E' or '\u200F' or '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\uFEFF')
                    {
                        text.Append(' ');
                    }
                    else
                    {
                        text.Append(char.IsWhiteSpace(c) ? ' ' : c);
                    }

                    break;
            }
        }

        return Tidy(text.ToString());
    }

    /// <summary>
    /// Printable ASCII with nothing to replace, no double space, no " - -", nothing to trim at either end, and a letter
    /// or digit: <see cref="Clean"/> would give back the same text.
    /// </summary>
    private static bool IsPlain(string text)
    {
        if (text[0] is ' ' or '.' or '-' or '\'' || text[^1] is ' ' or '.' || text.Contains(" - -", StringComparison.Ordinal))
        {
            return false;
        }

        var letterOrDigit = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is < ' ' or > '~' or ':' or '/' or '\\' or '|' or '"' or '<' or '>' or '?' or '*' || (c == ' ' && text[i - 1] == ' '))
            {
                return false;
            }

            letterOrDigit |= char.IsAsciiLetterOrDigit(c);
        }

        return letterOrDigit;
    }

    /// <summary>Collapses spaces and dashes left by replacements; no leading dots/spaces, no trailing dots/spaces.</summary>
    private static string Tidy(string text)
    {
        var collapsed = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == ' ' && collapsed.Length > 0 && collapsed[^1] == ' ')
            {
                continue;
            }

            collapsed.Append(c);
        }

        var result = collapsed.ToString().Replace(" - - ", " - ", StringComparison.Ordinal).Replace(" - -", " - ", StringComparison.Ordinal);
        result = result.TrimStart(' ', '.', '-', '\'').TrimEnd(' ', '.');
        // Only punctuation left (a title like "<>:|?*"): not a name anyone can recognise.
        return result.Any(c => char.IsLetterOrDigit(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol) ? result : "";
    }

    /// <summary>Cuts to <paramref name="maxBytes"/> UTF-8 bytes at a text-element boundary (never inside an emoji or accent).</summary>
    public static string Truncate(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var result = new StringBuilder();
        var bytes = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var size = Encoding.UTF8.GetByteCount(element);
            if (bytes + size > maxBytes)
            {
                break;
            }

            result.Append(element);
            bytes += size;
        }

        return result.ToString().TrimEnd(' ', '.', '-').TrimEnd(' ', '.');
    }

    /// <summary>A name with an optional year: <c>Title (2018)</c>, or <c>Title</c> when the year is unknown.</summary>
    public static string WithYear(string? title, int? year, string fallback)
    {
        var suffix = year is { } y ? string.Create(CultureInfo.InvariantCulture, $" ({y})") : "";
        var name = Component(title, fallback, MaxComponentBytes - Encoding.UTF8.GetByteCount(suffix) - 8);
        return name + suffix;
    }

    /// <summary>Normalized key for duplicates across providers: compatibility-decomposed, case-folded, letters and digits only; empty when none.</summary>
    public static string MatchKey(string? title, int? year)
    {
        var text = UnicodeNfc.Decompose(title ?? "");
        var key = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        if (key.Length == 0)
        {
            return ""; // nothing to compare (a title of only punctuation): never a duplicate of anything
        }

        return year is { } y ? key.Append('|').Append(y.ToString(CultureInfo.InvariantCulture)).ToString() : key.ToString();
    }

    /// <summary>
    /// The full path of <paramref name="relative"/> under <paramref name="root"/>, or null when it would land outside
    /// the root (the last line of defence after sanitising).
    /// </summary>
    public static string? Inside(string root, string relative)
    {
        if (Path.IsPathRooted(relative) || relative.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, relative));
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal) && relative.Split('/').All(p => p.Length > 0 && p != "." && p != "..") ? full : null;
    }
}
