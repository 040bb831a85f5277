using System.Text;

namespace M3uStrm.Server.Features.Channels;

/// <summary>
/// Character folding that does not depend on ICU. The server runs with InvariantGlobalization, where
/// <see cref="string.Normalize(NormalizationForm)"/> is a no-op for non-ASCII text, so decomposition
/// (NFKC / NFD accent stripping) is done here with explicit tables.
/// </summary>
internal static class TextFolding
{
    private static readonly Dictionary<char, string> AccentFolds = BuildAccentFolds();
    private static readonly Dictionary<char, char> CompatFolds = BuildCompatFolds();

    /// <summary>NFKC-like folding kept in the display name: full-width ASCII, modifier letters
    /// (e.g. "ᴴᴰ"), superscript digits, exotic spaces; zero-width characters removed.</summary>
    public static string Compat(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            char? replacement = null;
            var drop = false;
            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                replacement = (char)(c - 0xFEE0);
            }
            else if (c is '\u00A0' or '\u2007' or '\u202F' or '\u3000' || c is >= '\u2000' and <= '\u200A')
            {
                replacement = ' ';
            }
            else if (c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF')
            {
                drop = true;
            }
            else if (CompatFolds.TryGetValue(c, out var folded))
            {
                replacement = folded;
            }

            if (replacement is null && !drop)
            {
                sb?.Append(c);
                continue;
            }

            sb ??= new StringBuilder(text.Length).Append(text, 0, i);
            if (replacement is { } r)
            {
                sb.Append(r);
            }
        }

        return sb?.ToString() ?? text;
    }

    /// <summary>Lower-cases and removes accents from Latin, Greek and Cyrillic letters ("é" → "e",
    /// "ß" → "ss", "ά" → "α", "ё" → "е"). Other scripts are left untouched.</summary>
    public static string LowerWithoutAccents(string text)
    {
        var lower = text.ToLowerInvariant();
        var sb = new StringBuilder(lower.Length);
        foreach (var c in lower)
        {
            if (c is >= '\u0300' and <= '\u036F')
            {
                continue; // combining diacritical marks (already decomposed input)
            }

            if (c >= '\u00C0' && AccentFolds.TryGetValue(c, out var folded))
            {
                sb.Append(folded);
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static Dictionary<char, string> BuildAccentFolds()
    {
        var map = new Dictionary<char, string>();
        void Add(string chars, string to)
        {
            foreach (var c in chars)
            {
                map[c] = to;
            }
        }

        Add("àáâãäåāăąǎạảấầẩẫậắằẳẵặǻ", "a");
        Add("çćĉċč", "c");
        Add("ďđ", "d");
        Add("èéêëēĕėęěẹẻẽếềểễệ", "e");
        Add("ĝğġģ", "g");
        Add("ĥħ", "h");
        Add("ìíîïĩīĭįıǐỉị", "i");
        Add("ĵ", "j");
        Add("ķ", "k");
        Add("ĺļľŀł", "l");
        Add("ñńņňŉ", "n");
        Add("òóôõöøōŏőǒọỏốồổỗộớờởỡợơ", "o");
        Add("ŕŗř", "r");
        Add("śŝşšș", "s");
        Add("ţťŧț", "t");
        Add("ùúûüũūŭůűųǔưụủứừửữự", "u");
        Add("ŵ", "w");
        Add("ýÿŷỳỵỷỹ", "y");
        Add("źżž", "z");
        Add("ß", "ss");
        Add("æ", "ae");
        Add("œ", "oe");
        Add("þ", "th");
        Add("ð", "d");
        // Greek tonos / dialytika, final sigma.
        Add("ά", "α");
        Add("έ", "ε");
        Add("ή", "η");
        Add("ίϊΐ", "ι");
        Add("ό", "ο");
        Add("ύϋΰ", "υ");
        Add("ώ", "ω");
        Add("ς", "σ");
        // Cyrillic: ё is written as е in most Russian texts.
        Add("ё", "е");
        return map;
    }

    private static Dictionary<char, char> BuildCompatFolds()
    {
        var map = new Dictionary<char, char>
        {
            // Modifier capital letters U+1D2C..U+1D42 ("ᴴᴰ", "ᵁᴴᴰ", "ᶠᴴᴰ" style decorations).
            ['\u1D2C'] = 'A', ['\u1D2E'] = 'B', ['\u1D30'] = 'D', ['\u1D31'] = 'E', ['\u1D33'] = 'G',
            ['\u1D34'] = 'H', ['\u1D35'] = 'I', ['\u1D36'] = 'J', ['\u1D37'] = 'K', ['\u1D38'] = 'L',
            ['\u1D39'] = 'M', ['\u1D3A'] = 'N', ['\u1D3C'] = 'O', ['\u1D3E'] = 'P', ['\u1D3F'] = 'R',
            ['\u1D40'] = 'T', ['\u1D41'] = 'U', ['\u1D42'] = 'W', ['\u1DA0'] = 'F', ['\u02E2'] = 'S',
            ['\u1D48'] = 'D', ['\u02B0'] = 'H', ['\u1D4F'] = 'K',
            // Superscript digits.
            ['\u2070'] = '0', ['\u00B9'] = '1', ['\u00B2'] = '2', ['\u00B3'] = '3', ['\u2074'] = '4',
            ['\u2075'] = '5', ['\u2076'] = '6', ['\u2077'] = '7', ['\u2078'] = '8', ['\u2079'] = '9',
            // Dashes and quotes.
            ['\u2010'] = '-', ['\u2011'] = '-', ['\u2012'] = '-', ['\u2013'] = '-', ['\u2014'] = '-',
            ['\u2212'] = '-', ['\u2018'] = '\'', ['\u2019'] = '\'', ['\u00D7'] = 'x',
        };
        return map;
    }
}
