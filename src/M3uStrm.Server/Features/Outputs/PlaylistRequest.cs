using System.Diagnostics.CodeAnalysis;
using M3uStrm.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace M3uStrm.Server.Features.Outputs;

/// <summary>
/// The query options of a playlist (<c>/playlist/{token}.m3u</c> and <c>/get.php</c>).
/// <c>groups</c>: comma-separated group titles to keep (case-insensitive; VOD groups are <c>Movies: Genre</c> and
/// <c>Series: Genre</c>); <c>vod=true</c> adds movies and series episodes; <c>output=ts|hls</c> (or <c>m3u8</c>) picks
/// the live URL extension; <c>type=m3u_plus|m3u</c> (get.php only) picks attributes or bare titles. A value outside
/// these is a 400 naming the field, never silently ignored; an empty value counts as not given. Unknown keys are
/// ignored: apps append their own.
/// </summary>
internal sealed record PlaylistRequest(IReadOnlyList<string>? Groups, bool IncludeVod, string LiveExtension, bool Plain)
{
    public const int MaxGroups = 200;
    public const int MaxGroupLength = 300;

    public static bool TryParse(IQueryCollection query, bool xtream,
        [NotNullWhen(true)] out PlaylistRequest? request, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        var errors = new Dictionary<string, string[]>();

        IReadOnlyList<string>? groups = null;
        if (Single(query, "groups", errors) is { } groupsText)
        {
            var names = groupsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0)
            {
                errors["groups"] = ["groups must name at least one group (comma-separated), or be left out."];
            }
            else if (names.Length > MaxGroups)
            {
                errors["groups"] = [$"groups may name at most {MaxGroups} groups."];
            }
            else if (names.Any(n => n.Length > MaxGroupLength))
            {
                errors["groups"] = [$"each name in groups must be at most {MaxGroupLength} characters."];
            }
            else
            {
                groups = names;
            }
        }

        var vod = false;
        if (Single(query, "vod", errors) is { } vodText)
        {
            switch (vodText.ToLowerInvariant())
            {
                case "true" or "1":
                    vod = true;
                    break;
                case "false" or "0":
                    break;
                default:
                    errors["vod"] = ["vod must be 'true' or 'false'."];
                    break;
            }
        }

        var extension = "ts";
        if (Single(query, "output", errors) is { } output)
        {
            switch (output.ToLowerInvariant())
            {
                case "ts" or "mpegts":
                    break;
                case "hls" or "m3u8":
                    extension = "m3u8";
                    break;
                default:
                    errors["output"] = ["output must be 'ts' or 'hls' (also written 'm3u8')."];
                    break;
            }
        }

        var plain = false;
        if (xtream && Single(query, "type", errors) is { } type)
        {
            switch (type.ToLowerInvariant())
            {
                case "m3u_plus":
                    break;
                case "m3u":
                    plain = true;
                    break;
                default:
                    errors["type"] = ["type must be 'm3u_plus' or 'm3u'."];
                    break;
            }
        }

        if (errors.Count > 0)
        {
            (request, problem) = (null, ApiProblems.Validation(errors));
            return false;
        }

        (request, problem) = (new PlaylistRequest(groups, vod, extension, plain), null);
        return true;
    }

    /// <summary>The value of a key given once; null when absent or empty. Twice is an error: which one would we obey?</summary>
    private static string? Single(IQueryCollection query, string key, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(key, out var values) || values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            errors[key] = [$"{key} must be given once."];
            return null;
        }

        var value = values.ToString().Trim();
        return value.Length == 0 ? null : value;
    }
}
