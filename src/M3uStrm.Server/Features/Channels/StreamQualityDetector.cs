using System.Text.RegularExpressions;

namespace M3uStrm.Server.Features.Channels;

/// <summary>A detected stream quality: <see cref="Resolution"/> is one of "8K", "4K", "QHD", "FHD",
/// "HD", "SD" or "" (unknown); <see cref="Score"/> orders streams (higher is better).</summary>
public sealed record StreamQuality(string Resolution, int Score)
{
    public static StreamQuality Unknown { get; } = new("", 0);

    public bool IsKnown => Resolution.Length > 0;
}

/// <summary>
/// Quality detection from a channel name, a stream URL or an ffprobe result. The score table is
/// documented in Features/Channels/README.md. Tokens match whole words, case-insensitively.
/// </summary>
public static partial class StreamQualityDetector
{
    public const string Res8K = "8K";
    public const string Res4K = "4K";
    public const string ResQhd = "QHD";
    public const string ResFhd = "FHD";
    public const string ResHd = "HD";
    public const string ResSd = "SD";

    /// <summary>Maximum bonus added on top of a tier's base score for bitrate and frame rate.</summary>
    public const int MaxBonus = 50;

    // Tokens that mark a quality in a name or URL; "(?<![\p{L}\p{N}])" / "(?![\p{L}\p{N}])" make them
    // whole words ("HD" never matches inside "HDMI" or "hdstream").
    [GeneratedRegex(
        @"(?<![\p{L}\p{N}])(?:(?<k8>8K|4320[PI]?)|(?<k4>4K|UHD|ULTRA\s?HD|2160[PI]?)|(?<qhd>QHD|1440[PI])|(?<fhd>FHD|FULL\s?HD|FHDP|1080[PI]?)|(?<hd>HD|720[PI])|(?<p>(?<height>\d{3,4})[PI](?:\d{2})?)|(?<wxh>\d{3,4}\s?[X*]\s?(?<h2>\d{3,4}))|(?<sd>SD))(?![\p{L}\p{N}])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QualityToken();

    // In URLs only explicit tokens count: a bare "1080" is as likely to be a stream id as a height.
    [GeneratedRegex(@"^\d+$")]
    private static partial Regex AllDigits();

    private static readonly string[] TierOrder = [Res8K, Res4K, ResQhd, ResFhd, ResHd, ResSd];

    /// <summary>Base score of a resolution tier (0 for unknown).</summary>
    public static int BaseScore(string resolution) => resolution switch
    {
        Res8K => 1000,
        Res4K => 900,
        ResQhd => 800,
        ResFhd => 700,
        ResHd => 600,
        ResSd => 300,
        _ => 0,
    };

    /// <summary>Quality tokens in a channel name ("HD", "1080p", "ᴴᴰ", "( 1080P )", "1280*720"…);
    /// the highest tier named wins.</summary>
    public static StreamQuality FromName(string name) =>
        string.IsNullOrWhiteSpace(name) ? StreamQuality.Unknown : FromText(TextFolding.Compat(name), allowBareNumbers: true);

    /// <summary>Quality tokens in the path or query of a URL; the host name (and user info) is never
    /// looked at, so "http://hdstream.example/…" is not HD.</summary>
    public static StreamQuality FromUrl(string url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return StreamQuality.Unknown;
        }

        return FromText(PathAndQuery(url), allowBareNumbers: false);
    }

    /// <summary>Name first; the URL only when the name says nothing.</summary>
    public static StreamQuality Detect(string name, string url)
    {
        var fromName = FromName(name);
        return fromName.IsKnown ? fromName : FromUrl(url);
    }

    /// <summary>Quality from a probe (ffprobe): the height picks the tier, bitrate and frame rate add a
    /// bonus of at most <see cref="MaxBonus"/> so they only break ties inside a tier.</summary>
    public static StreamQuality FromProbe(int? height, long? bitrateKbps, double? fps)
    {
        if (height is not > 0)
        {
            return StreamQuality.Unknown;
        }

        var resolution = TierOfHeight(height.Value);

        return new StreamQuality(resolution, BaseScore(resolution) + Bonus(resolution, bitrateKbps, fps));
    }

    /// <summary>Bitrate bonus: up to 30 points, proportional to bitrate / expected bitrate of the tier
    /// (capped at 1). Frame-rate bonus: 20 points at 50 fps or more, 10 at 30–49 fps.</summary>
    internal static int Bonus(string resolution, long? bitrateKbps, double? fps)
    {
        var bonus = 0;
        if (bitrateKbps is > 0 && ExpectedKbps(resolution) is var expected and > 0)
        {
            bonus += (int)Math.Round(30 * Math.Min(1.0, (double)bitrateKbps.Value / expected));
        }

        if (fps is { } f && !double.IsNaN(f))
        {
            bonus += f >= 49.5 ? 20 : f >= 29 ? 10 : 0;
        }

        return Math.Min(MaxBonus, bonus);
    }

    internal static int ExpectedKbps(string resolution) => resolution switch
    {
        Res8K => 40_000,
        Res4K => 15_000,
        ResQhd => 8_000,
        ResFhd => 5_000,
        ResHd => 2_500,
        ResSd => 1_000,
        _ => 0,
    };

    /// <summary>Tier of a picture height in lines (tolerant of cropped or padded encodes).</summary>
    internal static string TierOfHeight(int height) => height switch
    {
        >= 4000 => Res8K,
        >= 2000 => Res4K,
        >= 1400 => ResQhd,
        >= 1000 => ResFhd,
        >= 700 => ResHd,
        _ => ResSd,
    };

    private static StreamQuality FromText(string text, bool allowBareNumbers)
    {
        var best = -1;
        if (allowBareNumbers)
        {
            // Chinese lists mark quality with glued words: 超高清 (UHD), 蓝光 (Blu-ray), 超清, 高清 (HD), 标清 (SD).
            best = text.Contains("超高清", StringComparison.Ordinal) ? Array.IndexOf(TierOrder, Res4K)
                : text.Contains("蓝光", StringComparison.Ordinal) || text.Contains("超清", StringComparison.Ordinal) ? Array.IndexOf(TierOrder, ResFhd)
                : text.Contains("高清", StringComparison.Ordinal) ? Array.IndexOf(TierOrder, ResHd)
                : text.Contains("标清", StringComparison.Ordinal) ? Array.IndexOf(TierOrder, ResSd)
                : -1;
        }

        foreach (Match m in QualityToken().Matches(text))
        {
            var tier = TierOf(m, allowBareNumbers);
            if (tier is null)
            {
                continue;
            }

            var rank = Array.IndexOf(TierOrder, tier);
            if (best < 0 || rank < best)
            {
                best = rank;
            }
        }

        if (best < 0)
        {
            return StreamQuality.Unknown;
        }

        var resolution = TierOrder[best];
        return new StreamQuality(resolution, BaseScore(resolution));
    }

    private static string? TierOf(Match m, bool allowBareNumbers)
    {
        if (!allowBareNumbers && AllDigits().IsMatch(m.Value))
        {
            return null;
        }

        if (m.Groups["k8"].Success)
        {
            return Res8K;
        }

        if (m.Groups["k4"].Success)
        {
            return Res4K;
        }

        if (m.Groups["qhd"].Success)
        {
            return ResQhd;
        }

        if (m.Groups["fhd"].Success)
        {
            return ResFhd;
        }

        if (m.Groups["hd"].Success)
        {
            return ResHd;
        }

        if (m.Groups["sd"].Success)
        {
            return ResSd;
        }

        var heightGroup = m.Groups["height"].Success ? m.Groups["height"] : m.Groups["h2"];
        if (!int.TryParse(heightGroup.ValueSpan, out var height) || height < 100)
        {
            return null;
        }

        // "1920x1080" has the height second; "1080x1920" (portrait) is still 1080 lines of detail.
        if (m.Groups["wxh"].Success && int.TryParse(m.Value.AsSpan(0, m.Value.IndexOfAny(['x', 'X', '*'])).Trim(), out var width))
        {
            height = Math.Min(width, height);
        }

        return TierOfHeight(height);
    }

    private static string PathAndQuery(string url)
    {
        if (Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
        {
            return Uri.UnescapeDataString(uri.AbsolutePath) + " " + Uri.UnescapeDataString(uri.Query);
        }

        // Not a parseable absolute URL (relative path, odd scheme): drop "scheme://authority" by hand.
        var text = url.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var pathStart = text.IndexOfAny(['/', '?', '#'], scheme + 3);
            text = pathStart < 0 ? "" : text[pathStart..];
        }

        return text;
    }
}
