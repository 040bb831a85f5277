using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Outputs;

/// <summary><c>GET /playlist/{playback_token}.m3u</c>: the user's playlist, its URLs carrying the token (options: <see cref="PlaylistRequest"/>).</summary>
internal static class PlaylistEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/playlist/{token}.m3u", Playlist).WithTags("Outputs").AllowAnonymous();

    internal static async Task<Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> Playlist(
        string token, HttpRequest request, PlayerAuth auth, PlaylistExport export, IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        // An unknown or disabled token learns nothing, not even whether the user exists or the options are valid.
        if (await auth.ByTokenAsync(token, cancellationToken) is not { } account)
        {
            return ApiProblems.NotFound("Playlist");
        }

        if (!PlaylistRequest.TryParse(request.Query, xtream: false, out var playlist, out var problem))
        {
            return problem;
        }

        var baseUrl = PlaybackUrls.BaseUrl(request, options.Value.PublicUrl);
        var links = new PlaylistLinks(
            (kind, id, extension) => PlaybackUrls.Token(baseUrl, account.PlaybackToken, kind, id, extension),
            $"{baseUrl}/epg/{Uri.EscapeDataString(account.PlaybackToken)}.xml");
        return TypedResults.Stream(body => export.WriteAsync(body, playlist, links, cancellationToken), PlaylistExport.ContentType);
    }
}
