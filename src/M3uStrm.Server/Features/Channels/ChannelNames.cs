using System.Text;
using System.Text.RegularExpressions;

namespace M3uStrm.Server.Features.Channels;

/// <summary>
/// What a stream name says about the channel it carries.
/// </summary>
/// <param name="NormalizedName">Lower-case, accent-free, prefix/quality/punctuation-free base name
/// ("US: CNN HD" → "cnn"). Region and variant words are not part of it.</param>
/// <param name="Region">Regional feed ("East", "West", "Pacific", "Ontario", or a bracketed qualifier
/// such as "colombia"); a country/provider prefix is never a region. Null when none.</param>
/// <param name="Variant">Numbered channel, "Plus" or timeshift, e.g. "2", "+1", "4 +1", "Plus".</param>
/// <param name="DisplayName">The raw name without prefixes, tags and quality words, original casing.</param>
public sealed record ChannelIdentity(string NormalizedName, string? Region, string? Variant, string DisplayName);

/// <summary>
/// Channel-name normalisation and similarity (rules in Features/Channels/README.md).
/// </summary>
public static partial class ChannelNames
{
    private const RegexOptions Ci = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // "[UK] ", "(CA) ", "|FR| ", "|EX-YU| ", "(CITY) " at the very start.
    [GeneratedRegex(@"^\s*[\[(|]\s*[\p{L}]{2,8}(?:-[\p{L}]{2,4})?\s*[\])|]\s*")]
    private static partial Regex BracketPrefix();

    // "US:", "UK |", "EX-YU:", "EX-YUSP:", "Latino:", "AR1:", "AR : " — one short word before ':' or '|',
    // or two upper-case codes ("VIP AR:", "PS FL |"). "ADITYA TV IN : Tamil" is not a prefix.
    [GeneratedRegex(@"^\s*(?:[\p{L}]{1,6}(?:-[\p{L}]{1,4})?\d?|[\p{Lu}]{1,5}\d?[ .][\p{Lu}]{1,5}\d?)\s*[:|]+[\s.:|]*")]
    private static partial Regex SeparatorPrefix();

    // "DE - ", "USA - " (upper-case code then a spaced dash).
    [GeneratedRegex(@"^\s*(?:[A-Z]{2,3}|[A-Z]{2}-[A-Z]{2})\s+[-–]\s+")]
    private static partial Regex DashPrefix();

    // "UK Dave", "VIP Sky Cinema", "USA DISCOVERY": an upper-case code from a short list, no separator.
    [GeneratedRegex(@"^\s*(?:UK|USA|US|CA|DE|FR|NL|ES|PT|PL|GR|TR|RO|HU|AU|NZ|IE|CH|SE|DK|FI|BR|MX|VIP|PS|EXYU|EX-YU)\s+(?=\S)")]
    private static partial Regex BarePrefix();

    // Trailing upper-case country code written after the name: "Duck TV HU", "Haber Turk TR", "MGM EX YU".
    [GeneratedRegex(@"\s+(?:UK|USA|US|CA|DE|FR|NL|ES|PT|PL|GR|TR|RO|HU|AU|NZ|IE|CH|SE|DK|FI|BR|MX|AL|CN|RU|IR|KP|BE|AT|IT|IN|AR|EXYU|EX[\s\-]YU)\s*$")]
    private static partial Regex TrailingCountry();

    // Trailing "Backup", "Opt 2", "Alt" words (source tags, not part of the channel).
    [GeneratedRegex(@"\s+(?:back\s?up|opt[\s\-]?\d+|alt(?:[\s\-]?\d+)?|test)\s*$", Ci)]
    private static partial Regex TrailingTag();

    [GeneratedRegex(@"[\[(]([^\[\]()]*)[\])]")]
    private static partial Regex BracketGroup();

    // Quality / codec words stripped from names (whole words, any case).
    [GeneratedRegex(
        @"(?<![\p{L}\p{N}])(?:8K|4K|UHD|FHD|QHD|HD|SD|HQ|LQ|HDR(?:10)?|HEVC|H\.?26[45]|X26[45]|AVC|FULL\s?HD|ULTRA\s?HD|FHDP|\d{3,4}\s?[PI](?:\d{2})?|\d{3,4}\s?[X*]\s?\d{3,4}|1080|2160|\d{2,3}\s?FPS)(?![\p{L}\p{N}])",
        Ci)]
    private static partial Regex QualityWord();

    // "CCTV1HD", "ZDF2FHD": a quality suffix glued to a digit.
    [GeneratedRegex(@"(?<=[\d\u3400-\u9FFF])(?:F|U)?HD(?![\p{L}\p{N}])|超高清|高清|超清|标清|蓝光", Ci)]
    private static partial Regex GluedQuality();

    // Whole-bracket contents that are tags, not part of the channel: availability, source, audio,
    // backup markers and provider/feed labels seen in real lists.
    [GeneratedRegex(
        @"^(?:not\s?24/7|24/7|geo[\s\-]?blocked|offline|back\s?up|opt[\s\-]?\d*|alt[\s\-]?\d*|local|no\s?kodi|new!?|vod|aac|mp3|webradio|radio|ppv|live|test|euro|own|sg|l|stirr|xumo|bumblebee|llbn|.*\b(?:only|during|match|matches|matchday|games?)\b.*|.*\baudio\b.*)$",
        Ci)]
    private static partial Regex BracketTag();

    [GeneratedRegex(@"^[\p{L}]{1,3}$")]
    private static partial Regex ShortCode();

    [GeneratedRegex(@"^(?:\+\s?(?<n>\d{1,2})|(?<n>\d{1,2})\s?\+)$")]
    private static partial Regex BracketTimeshift();

    [GeneratedRegex(@"^\d{1,3}$")]
    private static partial Regex Number();

    [GeneratedRegex(@"\+\s?(\d{1,2})(?!\d)")]
    private static partial Regex Timeshift();

    [GeneratedRegex(@"(?<=[\p{L}\p{N}])\+(?!\s?\d)")]
    private static partial Regex GluedPlus();

    [GeneratedRegex(@"(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})")]
    private static partial Regex LetterDigitBoundary();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private static readonly Dictionary<string, string> RegionWords = new(StringComparer.Ordinal)
    {
        ["east"] = "East",
        ["eastern"] = "East",
        ["west"] = "West",
        ["western"] = "West",
        ["pacific"] = "Pacific",
        ["mountain"] = "Mountain",
        ["central"] = "Central",
        ["atlantic"] = "Atlantic",
        ["north"] = "North",
        ["south"] = "South",
        ["ontario"] = "Ontario",
        ["quebec"] = "Quebec",
        ["alberta"] = "Alberta",
        ["bc"] = "BC",
    };

    // Names where a region word is part of the brand, not a feed.
    private static readonly HashSet<string> RegionWordInBrand = new(StringComparer.Ordinal)
    {
        "comedy central", "far east", "wild west", "middle east", "true north", "deep south", "tele quebec",
    };

    /// <summary>Splits a raw stream name into base name, region and variant (see README).</summary>
    public static ChannelIdentity Identify(string rawName)
    {
        var raw = TextFolding.Compat(rawName ?? "").Trim();
        if (raw.Length == 0)
        {
            return new ChannelIdentity("", null, null, "");
        }

        var regions = new List<string>();
        var numbers = new List<string>();
        string? timeshift = null;
        var plus = false;
        var qualifierDisplay = new List<string>();

        var core = StripPrefixes(raw);
        var outsideBrackets = BracketGroup().Replace(core, " ");
        var coreLatin = outsideBrackets.Any(IsLatinLetter);
        var coreOther = outsideBrackets.Any(c => char.IsLetter(c) && !IsLatinLetter(c));
        core = BracketGroup().Replace(core, m =>
        {
            var content = m.Groups[1].Value.Trim();
            // "CTV (中視)", "Music ON TV! (エムオン)": the same name in another script, not a feed.
            var alias = (coreLatin && !coreOther && content.Any(char.IsLetter) && !content.Any(IsLatinLetter))
                        || (coreOther && !coreLatin && content.Any(IsLatinLetter) && !content.Any(c => char.IsLetter(c) && !IsLatinLetter(c)));
            if (!alias)
            {
                ClassifyBracket(content, regions, numbers, ref timeshift, qualifierDisplay);
            }

            return " ";
        });
        core = QualityWord().Replace(core, " ");
        core = GluedQuality().Replace(core, " ");
        core = core.Replace('|', ' ');
        core = CleanEnds(Spaces().Replace(core, " "));
        for (var i = 0; i < 3; i++)
        {
            var before = core;
            core = CleanEnds(TrailingTag().Replace(core, ""));
            var withoutCountry = CleanEnds(TrailingCountry().Replace(core, ""));
            if (HasLetterOrDigit(withoutCountry))
            {
                core = withoutCountry;
            }

            if (before == core)
            {
                break;
            }
        }

        if (!HasLetterOrDigit(core))
        {
            // Everything was a tag ("HD", "(720p)"): keep what the provider wrote rather than nothing.
            core = CleanEnds(Spaces().Replace(BracketGroup().Replace(raw, " "), " "));
            if (!HasLetterOrDigit(core))
            {
                core = raw;
            }
        }

        var display = qualifierDisplay.Count == 0 ? core : core + " (" + string.Join(") (", qualifierDisplay) + ")";

        var tokens = Tokenize(core);
        // Peel region / variant words off the end: "Channel 4 +1", "HBO East", "Sky Sports 2", "QVC Plus".
        while (tokens.Count > 1)
        {
            var last = tokens[^1];
            if (last[0] == '+' && timeshift is null)
            {
                timeshift = last;
            }
            else if (Number().IsMatch(last) && numbers.Count == 0)
            {
                numbers.Add(TrimZeros(last));
            }
            else if (last == "plus" && !plus)
            {
                plus = true;
            }
            else if (RegionWords.TryGetValue(last, out var region)
                     && !RegionWordInBrand.Contains(tokens[^2] + " " + last)
                     && !regions.Contains(region))
            {
                regions.Insert(0, region);
            }
            else
            {
                break;
            }

            tokens.RemoveAt(tokens.Count - 1);
        }

        var variantParts = new List<string>(numbers);
        if (plus)
        {
            variantParts.Add("Plus");
        }

        if (timeshift is not null)
        {
            variantParts.Add(timeshift);
        }

        var name = string.Join(' ', tokens);
        if (name.Length == 0)
        {
            name = Fallback(raw);
        }

        return new ChannelIdentity(
            name,
            regions.Count == 0 ? null : string.Join(' ', regions),
            variantParts.Count == 0 ? null : string.Join(' ', variantParts),
            display);
    }

    /// <summary>Lower-cases, removes accents and punctuation and collapses spaces; letters of every
    /// script and digits survive. "+N" timeshift tokens are kept, a glued "+" becomes "plus".</summary>
    public static string NormalizeText(string text) => string.Join(' ', Tokenize(TextFolding.Compat(text ?? "")));

    /// <summary>
    /// Fuzzy similarity of two normalized names, 0–100: the best of the Levenshtein ratio of the whole
    /// strings, of their sorted tokens, and of "common tokens + rest" (a token-set ratio without the
    /// subset shortcut, so "hbo" vs "hbo family" is not 100). Ratio = 100·(1 − distance / longer length).
    /// </summary>
    public static double Similarity(string normalizedA, string normalizedB)
    {
        normalizedA ??= "";
        normalizedB ??= "";
        if (normalizedA.Length == 0 && normalizedB.Length == 0)
        {
            return 100;
        }

        if (normalizedA.Length == 0 || normalizedB.Length == 0)
        {
            return 0;
        }

        if (string.Equals(normalizedA, normalizedB, StringComparison.Ordinal))
        {
            return 100;
        }

        var best = Fuzzy.Ratio(normalizedA, normalizedB);
        var tokensA = normalizedA.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var tokensB = normalizedB.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokensA.Length > 1 || tokensB.Length > 1)
        {
            best = Math.Max(best, Fuzzy.Ratio(Fuzzy.SortedJoin(tokensA), Fuzzy.SortedJoin(tokensB)));
            best = Math.Max(best, Fuzzy.TokenSetRatio(tokensA, tokensB));
        }

        return best;
    }

    private static string StripPrefixes(string text)
    {
        for (var i = 0; i < 3; i++)
        {
            var stripped = TryStrip(BracketPrefix(), text)
                ?? TryStrip(DashPrefix(), text)
                ?? TryStrip(SeparatorPrefix(), text)
                ?? TryStrip(BarePrefix(), text);
            if (stripped is null)
            {
                break;
            }

            text = stripped;
        }

        return text.TrimStart(' ', '.', ':', '|', '-');
    }

    private static string? TryStrip(Regex prefix, string text)
    {
        var m = prefix.Match(text);
        if (!m.Success || m.Length == 0)
        {
            return null;
        }

        var rest = text[m.Length..];
        // Never strip down to nothing, a bare number or a quality tag ("ESPN PLUS : 13", "CNN | HD").
        return QualityWord().Replace(rest, " ").Any(char.IsLetter) ? rest : null;
    }

    private static void ClassifyBracket(string content, List<string> regions, List<string> numbers, ref string? timeshift, List<string> qualifierDisplay)
    {
        if (content.Length == 0 || !HasLetterOrDigit(content) || BracketTag().IsMatch(content))
        {
            return;
        }

        if (!HasLetterOrDigit(QualityWord().Replace(content, " ")))
        {
            return; // "(720p)", "( 1080P )", "[1280*720]", "(HD)"
        }

        var ts = BracketTimeshift().Match(content);
        if (ts.Success)
        {
            timeshift ??= "+" + TrimZeros(ts.Groups["n"].Value);
            return;
        }

        if (Number().IsMatch(content))
        {
            numbers.Add(TrimZeros(content));
            return;
        }

        var normalized = string.Join(' ', Tokenize(content));
        if (RegionWords.TryGetValue(normalized, out var region))
        {
            if (!regions.Contains(region))
            {
                regions.Add(region);
            }

            return;
        }

        if (ShortCode().IsMatch(content))
        {
            return; // "(US)", "[UK]", "(ARA)": country or language code, like a prefix
        }

        // Anything else names a feed ("(Colombia)", "(Одесса)", "(San Jose CA)"): keep it apart.
        if (normalized.Length > 0 && !regions.Contains(normalized))
        {
            regions.Add(normalized);
            qualifierDisplay.Add(content);
        }
    }

    private static List<string> Tokenize(string text)
    {
        var s = TextFolding.LowerWithoutAccents(text);
        s = s.Replace("&", " and ", StringComparison.Ordinal);
        s = s.Replace("'", "", StringComparison.Ordinal);
        s = Timeshift().Replace(s, " +$1 ");
        s = GluedPlus().Replace(s, " plus ");
        s = LetterDigitBoundary().Replace(s, " ");

        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (c == '+' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))
            {
                sb.Append(c);
            }
            else if (char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
                         or System.Globalization.UnicodeCategory.SpacingCombiningMark
                     && sb.Length > 0 && sb[^1] != ' ')
            {
                sb.Append(c); // vowel signs of Indic, Thai… scripts belong to the letter before them
            }
            else
            {
                sb.Append(' ');
            }
        }

        var tokens = new List<string>();
        foreach (var token in sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token[0] == '+')
            {
                tokens.Add("+" + TrimZeros(token[1..]));
            }
            else
            {
                tokens.Add(token);
            }
        }

        return tokens;
    }

    private static string Fallback(string raw)
    {
        var tokens = Tokenize(raw);
        return tokens.Count > 0 ? string.Join(' ', tokens) : raw.ToLowerInvariant();
    }

    private static string CleanEnds(string text) => text.Trim(' ', '|', '-', ':', '.', ',', '/', '_', '·', '•');

    private static string TrimZeros(string digits)
    {
        var trimmed = digits.TrimStart('0');
        return trimmed.Length == 0 ? "0" : trimmed;
    }

    private static bool IsLatinLetter(char c) => c < '\u0250' && char.IsLetter(c);

    private static bool HasLetterOrDigit(string text)
    {
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }
}
