namespace M3uStrm.Server.Features.Channels;

/// <summary>Levenshtein-based ratios (0–100) used by <see cref="ChannelNames.Similarity"/>.</summary>
internal static class Fuzzy
{
    /// <summary>100·(1 − levenshtein / longer length).</summary>
    public static double Ratio(string a, string b)
    {
        var longer = Math.Max(a.Length, b.Length);
        if (longer == 0)
        {
            return 100;
        }

        return 100.0 * (1.0 - (double)Levenshtein(a, b) / longer);
    }

    /// <summary>Same value as <see cref="ChannelNames.Similarity"/> when it is ≥ <paramref name="threshold"/>;
    /// otherwise some value below the threshold (distances are only computed up to the allowed bound).</summary>
    public static double SimilarityAtLeast(string a, string[] tokensA, string sortedA, string b, string[] tokensB, string sortedB, double threshold)
    {
        var best = BoundedRatio(a, b, threshold);
        if (tokensA.Length > 1 || tokensB.Length > 1)
        {
            if (!string.Equals(sortedA, a, StringComparison.Ordinal) || !string.Equals(sortedB, b, StringComparison.Ordinal))
            {
                best = Math.Max(best, BoundedRatio(sortedA, sortedB, threshold));
            }

            if (best < 100)
            {
                var (left, right) = TokenSetStrings(tokensA, tokensB);
                best = Math.Max(best, BoundedRatio(left, right, threshold));
            }
        }

        return best;
    }

    private static double BoundedRatio(string a, string b, double threshold)
    {
        var longer = Math.Max(a.Length, b.Length);
        if (longer == 0)
        {
            return 100;
        }

        var maxDistance = (int)Math.Floor((1 - (Math.Clamp(threshold, 0, 100) / 100.0)) * longer + 1e-9);
        var distance = Levenshtein(a, b, maxDistance);
        return distance > maxDistance ? -1 : 100.0 * (1.0 - (double)distance / longer);
    }

    public static string SortedJoin(string[] tokens)
    {
        var copy = (string[])tokens.Clone();
        Array.Sort(copy, StringComparer.Ordinal);
        return string.Join(' ', copy);
    }

    /// <summary>Ratio of "common tokens + tokens only in A" against "common tokens + tokens only in B"
    /// (each part sorted). Unlike rapidfuzz's token_set_ratio it does not return 100 when one token set
    /// contains the other: "sky sports" vs "sky sports news" are different channels.</summary>
    public static double TokenSetRatio(string[] a, string[] b)
    {
        var (left, right) = TokenSetStrings(a, b);
        return Ratio(left, right);
    }

    private static (string Left, string Right) TokenSetStrings(string[] a, string[] b)
    {
        var setA = new SortedSet<string>(a, StringComparer.Ordinal);
        var setB = new SortedSet<string>(b, StringComparer.Ordinal);
        var common = new List<string>();
        var onlyA = new List<string>();
        var onlyB = new List<string>();
        foreach (var t in setA)
        {
            (setB.Contains(t) ? common : onlyA).Add(t);
        }

        foreach (var t in setB)
        {
            if (!setA.Contains(t))
            {
                onlyB.Add(t);
            }
        }

        return (string.Join(' ', common.Concat(onlyA)), string.Join(' ', common.Concat(onlyB)));
    }

    /// <summary>Classic two-row Levenshtein distance; stops early (returning a value above
    /// <paramref name="maxDistance"/>) once every cell of a row exceeds the bound.</summary>
    public static int Levenshtein(string a, string b, int maxDistance = int.MaxValue)
    {
        if (Math.Abs(a.Length - b.Length) > maxDistance)
        {
            return maxDistance + 1;
        }

        if (a.Length < b.Length)
        {
            (a, b) = (b, a);
        }

        if (b.Length == 0)
        {
            return a.Length;
        }

        Span<int> buffer = b.Length < 256 ? stackalloc int[2 * (b.Length + 1)] : new int[2 * (b.Length + 1)];
        var previous = buffer[..(b.Length + 1)];
        var current = buffer[(b.Length + 1)..];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            var ca = a[i - 1];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = ca == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > maxDistance)
            {
                return maxDistance + 1;
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return previous[b.Length];
    }
}
