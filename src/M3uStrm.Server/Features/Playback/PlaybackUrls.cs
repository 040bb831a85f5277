using System.Globalization;

namespace M3uStrm.Server.Features.Playback;

/// <summary>What a player asks for: a live channel, a movie or an episode.</summary>
public enum PlaybackKind
{
    Live,
    Movie,
    Episode,
}

/// <summary>
/// The only URLs outputs hand to players (design.md §7): they point at this server, never at a provider.
/// Token form (<c>/play/{token}/live/{channel}.ts</c>) for M3U, HDHomeRun and STRM; Xtream form
/// (<c>/live/{user}/{password}/{channel}.ts</c>) for Xtream apps, which build these URLs themselves from the ids
/// in <c>player_api.php</c>: live ids are channel ids, movie ids VOD item ids, series episode ids episode ids.
/// </summary>
public static class PlaybackUrls
{
    public static string Token(string baseUrl, string token, PlaybackKind kind, long id, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"{baseUrl.TrimEnd('/')}/play/{Uri.EscapeDataString(token)}/{Segment(kind, xtream: false)}/{id}.{Ext(extension)}");

    public static string Xtream(string baseUrl, string username, string password, PlaybackKind kind, long id, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"{baseUrl.TrimEnd('/')}/{Segment(kind, xtream: true)}/{Uri.EscapeDataString(username)}/{Uri.EscapeDataString(password)}/{id}.{Ext(extension)}");

    /// <summary>The scheme, host and path base the player used to reach us (or <c>PublicUrl</c> when configured).</summary>
    public static string BaseUrl(HttpRequest request, string? publicUrl = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !string.IsNullOrWhiteSpace(publicUrl)
            ? publicUrl.TrimEnd('/')
            : $"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}".TrimEnd('/');
    }

    private static string Segment(PlaybackKind kind, bool xtream) => kind switch
    {
        PlaybackKind.Live => "live",
        PlaybackKind.Movie => "movie",
        _ => xtream ? "series" : "episode",
    };

    private static string Ext(string extension)
    {
        var ext = extension.TrimStart('.');
        return ext.Length is > 0 and <= 8 && ext.All(char.IsAsciiLetterOrDigit) ? ext.ToLowerInvariant() : "ts";
    }
}
