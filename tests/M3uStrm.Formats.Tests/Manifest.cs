using System.Text.RegularExpressions;

namespace M3uStrm.Formats.Tests;

/// <summary>Facts from the fixtures' MANIFEST.md (one table row per file).</summary>
internal static partial class Manifest
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Facts = new(Load);

    public static IReadOnlyDictionary<string, string> All => Facts.Value;

    public static int? ExtInfCount(string relativePath) =>
        All.TryGetValue(relativePath, out var facts) && ExtInf().Match(facts) is { Success: true } m
            ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    public static int? Count(string relativePath, string fact) =>
        All.TryGetValue(relativePath, out var facts)
        && Regex.Match(facts, Regex.Escape(fact) + @"=([0-9,]+)") is { Success: true } m
            ? int.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static Dictionary<string, string> Load()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Fixtures.PathOf("MANIFEST.md")))
        {
            if (!line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Split('|');
            if (cells.Length < 8)
            {
                continue;
            }

            var path = cells[1].Trim().Trim('`');
            result[path] = cells[6];
        }

        return result;
    }

    [GeneratedRegex(@"\bEXTINF=(\d+)")]
    private static partial Regex ExtInf();
}
