namespace M3uStrm.Server.Features.Channels;

/// <summary>An existing merged channel a stream may join.</summary>
public sealed record ChannelCandidate(long ChannelId, ChannelIdentity Identity, string? EpgChannelId);

/// <summary>
/// Decides which existing channel a stream belongs to. Rules, in order:
/// 1. tvg-id: a non-empty tvg-id equal (case-insensitive) to a candidate's EpgChannelId, with the same
///    Region and Variant (a shared tvg-id never merges "+1" or "West" feeds into the main channel);
/// 2. exact: same NormalizedName, Region and Variant;
/// 3. fuzzy: Region and Variant equal (null only equals null), the same numbers in the name, names of
///    similar length, and <see cref="ChannelNames.Similarity"/> ≥ threshold; the best similarity wins,
///    ties go to the candidate listed (added) first.
/// </summary>
public sealed class ChannelMatcher(double fuzzyThreshold = 90)
{
    public double FuzzyThreshold { get; } = fuzzyThreshold;

    /// <summary>Linear scan over <paramref name="existing"/>; for many lookups use <see cref="CreateIndex"/>.</summary>
    public ChannelCandidate? FindMatch(ChannelIdentity stream, string? tvgId, IReadOnlyList<ChannelCandidate> existing)
    {
        var tvg = ChannelKeys.TvgKey(tvgId);
        if (tvg is not null)
        {
            foreach (var c in existing)
            {
                if (string.Equals(ChannelKeys.TvgKey(c.EpgChannelId), tvg, StringComparison.OrdinalIgnoreCase)
                    && ChannelKeys.SameFeed(c.Identity, stream))
                {
                    return c;
                }
            }
        }

        foreach (var c in existing)
        {
            if (ChannelKeys.SameFeed(c.Identity, stream)
                && string.Equals(c.Identity.NormalizedName, stream.NormalizedName, StringComparison.Ordinal))
            {
                return c;
            }
        }

        var probe = new FuzzyEntry(stream, null, -1);
        if (!probe.CanFuzzy)
        {
            return null;
        }

        ChannelCandidate? best = null;
        var bestScore = double.MinValue;
        for (var i = 0; i < existing.Count; i++)
        {
            var c = existing[i];
            if (!ChannelKeys.SameFeed(c.Identity, stream))
            {
                continue;
            }

            var score = FuzzyEntry.Score(probe, new FuzzyEntry(c.Identity, c, i), FuzzyThreshold);
            if (score > bestScore)
            {
                bestScore = score;
                best = c;
            }
        }

        return best;
    }

    /// <summary>An index over <paramref name="candidates"/> with this matcher's threshold.</summary>
    public ChannelIndex CreateIndex(IEnumerable<ChannelCandidate> candidates) => new(candidates, FuzzyThreshold);
}

/// <summary>
/// The same rules as <see cref="ChannelMatcher"/>, for bulk use: tvg-id and exact lookups are dictionary
/// hits, and fuzzy comparison only runs inside small buckets (same region and variant, and the same first,
/// last or longest word with a name length inside the band the threshold allows, or the same letters
/// once spaces are removed). Build it once per sync
/// and <see cref="Add"/> channels as they are created. Not thread-safe for concurrent writes.
/// </summary>
public sealed class ChannelIndex
{
    private readonly Dictionary<string, List<ChannelCandidate>> byTvg = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ChannelCandidate> byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FuzzyEntry>> buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FuzzyEntry>> byCompact = new(StringComparer.Ordinal);
    private int count;
    private int maxLength;

    public ChannelIndex(IEnumerable<ChannelCandidate> candidates)
        : this(candidates, 90)
    {
    }

    public ChannelIndex(IEnumerable<ChannelCandidate> candidates, double fuzzyThreshold)
    {
        FuzzyThreshold = fuzzyThreshold;
        foreach (var c in candidates)
        {
            Add(c);
        }
    }

    public double FuzzyThreshold { get; }

    public int Count => count;

    public void Add(ChannelCandidate candidate)
    {
        var order = count++;
        var tvg = ChannelKeys.TvgKey(candidate.EpgChannelId);
        if (tvg is not null)
        {
            if (!byTvg.TryGetValue(tvg, out var list))
            {
                byTvg[tvg] = list = [];
            }

            list.Add(candidate);
        }

        byKey.TryAdd(ChannelKeys.ExactKey(candidate.Identity), candidate);

        var entry = new FuzzyEntry(candidate.Identity, candidate, order);
        if (!entry.CanFuzzy)
        {
            return;
        }

        maxLength = Math.Max(maxLength, entry.Name.Length);
        foreach (var token in entry.BucketTokens)
        {
            var key = ChannelKeys.BucketKey(candidate.Identity, token, entry.Name.Length);
            if (!buckets.TryGetValue(key, out var bucket))
            {
                buckets[key] = bucket = [];
            }

            bucket.Add(entry);
        }

        var compactKey = ChannelKeys.CompactKey(candidate.Identity, entry.Compact);
        if (!byCompact.TryGetValue(compactKey, out var sameCompact))
        {
            byCompact[compactKey] = sameCompact = [];
        }

        sameCompact.Add(entry);
    }

    public ChannelCandidate? FindMatch(ChannelIdentity stream, string? tvgId)
    {
        var tvg = ChannelKeys.TvgKey(tvgId);
        if (tvg is not null && byTvg.TryGetValue(tvg, out var sameTvg))
        {
            foreach (var c in sameTvg)
            {
                if (ChannelKeys.SameFeed(c.Identity, stream))
                {
                    return c;
                }
            }
        }

        if (byKey.TryGetValue(ChannelKeys.ExactKey(stream), out var exact))
        {
            return exact;
        }

        var probe = new FuzzyEntry(stream, null, -1);
        if (!probe.CanFuzzy)
        {
            return null;
        }

        var (low, high) = FuzzyEntry.LengthBand(probe.Name.Length, FuzzyThreshold, maxLength);
        FuzzyEntry? best = null;
        var bestScore = double.MinValue;
        HashSet<FuzzyEntry> seen = [];
        void Consider(List<FuzzyEntry> bucket)
        {
            foreach (var entry in bucket)
            {
                if (!seen.Add(entry))
                {
                    continue;
                }

                var score = FuzzyEntry.Score(probe, entry, FuzzyThreshold);
                if (score > bestScore || (score == bestScore && best is not null && entry.Order < best.Order))
                {
                    bestScore = score;
                    best = entry;
                }
            }
        }

        // Same letters with other spacing ("tele quattro" / "telequattro") may share no word.
        if (byCompact.TryGetValue(ChannelKeys.CompactKey(stream, probe.Compact), out var compactBucket))
        {
            Consider(compactBucket);
        }

        foreach (var token in probe.BucketTokens)
        {
            for (var length = low; length <= high; length++)
            {
                if (buckets.TryGetValue(ChannelKeys.BucketKey(stream, token, length), out var bucket))
                {
                    Consider(bucket);
                }
            }
        }

        return best?.Candidate;
    }
}

internal static class ChannelKeys
{
    private const char Sep = '\u001f';
    private const string Null = "\u0000";

    public static string? TvgKey(string? tvgId) => string.IsNullOrWhiteSpace(tvgId) ? null : tvgId.Trim();

    public static bool SameFeed(ChannelIdentity a, ChannelIdentity b) =>
        string.Equals(a.Region, b.Region, StringComparison.Ordinal)
        && string.Equals(a.Variant, b.Variant, StringComparison.Ordinal);

    public static string ExactKey(ChannelIdentity id) =>
        string.Concat(id.NormalizedName, Sep.ToString(), id.Region ?? Null, Sep.ToString(), id.Variant ?? Null);

    public static string CompactKey(ChannelIdentity id, string compact) =>
        string.Concat(id.Region ?? Null, Sep.ToString(), id.Variant ?? Null, Sep.ToString(), compact);

    public static string BucketKey(ChannelIdentity id, string token, int length) =>
        string.Concat(id.Region ?? Null, Sep.ToString(), id.Variant ?? Null, Sep.ToString(), token, Sep.ToString(), length.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>A name prepared for fuzzy comparison.</summary>
internal sealed class FuzzyEntry
{
    // Words whose presence or absence says nothing about the channel ("Hallmark Movies and Mysteries").
    private static readonly HashSet<string> NoiseWords = new(StringComparer.Ordinal)
    {
        "and", "the", "of", "de", "del", "la", "el", "le", "du", "des", "da", "do", "et", "und", "y",
    };

    /// <summary>Tokens up to this length (call signs, acronyms: "hr"/"sr", "ndr"/"mdr", "cbn"/"abc")
    /// must match exactly; a one-letter change there is another channel, not a typo.</summary>
    public const int ShortTokenLength = 4;

    public FuzzyEntry(ChannelIdentity identity, ChannelCandidate? candidate, int order)
    {
        Candidate = candidate;
        Order = order;
        Name = identity.NormalizedName ?? "";
        Tokens = Name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Digits = string.Join(' ', Tokens.Where(t => t.All(char.IsAsciiDigit)));
        CanFuzzy = Tokens.Length > 0;
        Compact = string.Concat(Tokens);
        SortedJoined = Fuzzy.SortedJoin(Tokens);
        if (!CanFuzzy)
        {
            BucketTokens = [];
            return;
        }

        var longest = Tokens.OrderByDescending(t => t.Length).ThenBy(t => t, StringComparer.Ordinal).First();
        BucketTokens = new[] { Tokens[0], Tokens[^1], longest }.Distinct(StringComparer.Ordinal).ToArray();
    }

    public ChannelCandidate? Candidate { get; }

    public int Order { get; }

    public string Name { get; }

    public string[] Tokens { get; }

    /// <summary>The numbers in the name, in order: "fox 5 new york" and "fox 6 new york" never merge.</summary>
    public string Digits { get; }

    public string Compact { get; }

    public string SortedJoined { get; }

    public bool CanFuzzy { get; }

    public string[] BucketTokens { get; }

    /// <summary>Lengths a name of <paramref name="length"/> characters can be compared with: a
    /// Levenshtein ratio ≥ t needs the length difference to be ≤ (1 − t/100) of the longer name.</summary>
    public static (int Low, int High) LengthBand(int length, double threshold, int maxLength)
    {
        var t = Math.Clamp(threshold, 0, 100) / 100.0;
        var low = (int)Math.Ceiling(length * t - 1e-9);
        var high = t <= 0 ? maxLength : (int)Math.Min(int.MaxValue, Math.Floor(length / t + 1e-9));
        return (Math.Max(1, low), Math.Min(Math.Max(high, length), Math.Max(maxLength, length)));
    }

    /// <summary>Similarity when the pair is eligible and reaches the threshold, else −∞.</summary>
    public static double Score(FuzzyEntry probe, FuzzyEntry other, double threshold)
    {
        if (!other.CanFuzzy || !probe.CanFuzzy || !string.Equals(probe.Digits, other.Digits, StringComparison.Ordinal))
        {
            return double.MinValue;
        }

        var (low, high) = LengthBand(probe.Name.Length, threshold, int.MaxValue);
        if (other.Name.Length < low || other.Name.Length > high)
        {
            return double.MinValue;
        }

        if (string.Equals(probe.Compact, other.Compact, StringComparison.Ordinal))
        {
            return 100; // "pro tv news" / "protv news", "swr 3 visual radio" / "swr 3 visualradio"
        }

        if (!TokensAgree(probe.Tokens, other.Tokens))
        {
            return double.MinValue;
        }

        var similarity = Fuzzy.SimilarityAtLeast(probe.Name, probe.Tokens, probe.SortedJoined, other.Name, other.Tokens, other.SortedJoined, threshold);
        return similarity >= threshold ? similarity : double.MinValue;
    }

    /// <summary>
    /// Every word that one name has and the other lacks (noise words aside) must be a near spelling of an
    /// unmatched word on the other side: at least <see cref="ShortTokenLength"/>+1 letters on both sides and
    /// a word ratio ≥ <see cref="MinTokenRatio"/>. So "forensics files"/"forensic files" and
    /// "haldersleben"/"haldensleben" match, while "hr"/"sr", "anime movies"/"crime movies",
    /// "goodnews"/"goodness" and an extra word ("pluto tv kids" / "pluto tv kids live") do not.
    /// </summary>
    private static bool TokensAgree(string[] a, string[] b) => Covered(a, b) && Covered(b, a);

    /// <summary>Minimum Levenshtein ratio between a word and its misspelling.</summary>
    public const double MinTokenRatio = 80;

    private static bool Covered(string[] a, string[] b)
    {
        foreach (var t in a)
        {
            if (NoiseWords.Contains(t) || Array.IndexOf(b, t) >= 0)
            {
                continue;
            }

            if (t.Length <= ShortTokenLength)
            {
                return false;
            }

            var found = false;
            foreach (var u in b)
            {
                if (u.Length > ShortTokenLength && Array.IndexOf(a, u) < 0 && !NoiseWords.Contains(u)
                    && Fuzzy.Levenshtein(t, u, MaxTokenDistance(t, u)) <= MaxTokenDistance(t, u))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static int MaxTokenDistance(string t, string u) =>
        (int)Math.Floor((1 - (MinTokenRatio / 100)) * Math.Max(t.Length, u.Length) + 1e-9);
}
