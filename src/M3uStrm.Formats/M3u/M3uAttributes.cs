using System.Globalization;

namespace M3uStrm.Formats.M3u;

/// <summary>Lookups over attribute lists: keys are few per entry, so a linear scan beats a dictionary.</summary>
internal static class M3uAttributes
{
    public static string? Find(IReadOnlyList<M3uAttribute> attributes, string key)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            var a = attributes[i];
            if (ReferenceEquals(a.Key, key) || string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return a.Value;
            }
        }

        return null;
    }

    public static int? ParseInt(string? value) =>
        int.TryParse(value?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static double? ParseDouble(string? value) =>
        double.TryParse(value?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
}
