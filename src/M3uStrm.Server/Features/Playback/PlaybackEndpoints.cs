using System.Text;
using M3uStrm.Server.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Playback;

/// <summary>
/// <c>/play/{token}/{live|movie|episode}/{id}.{ext}</c> and the Xtream forms <c>/{live|movie|series}/{user}/{password}/{id}.{ext}</c>:
/// picks the stream, then proxies it (shared TS relay for live, HLS rewrite for <c>.m3u8</c>, range-aware passthrough
/// for VOD) or redirects, and records the viewing session.
/// </summary>
internal static class PlaybackEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Playback").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/play/{token}/live/{id:long}.{ext}", (HttpContext http, string token, long id, string ext) => ByTokenAsync(http, token, PlaybackKind.Live, id, ext));
        group.MapGet("/play/{token}/movie/{id:long}.{ext}", (HttpContext http, string token, long id, string ext) => ByTokenAsync(http, token, PlaybackKind.Movie, id, ext));
        group.MapGet("/play/{token}/episode/{id:long}.{ext}", (HttpContext http, string token, long id, string ext) => ByTokenAsync(http, token, PlaybackKind.Episode, id, ext));
        group.MapGet("/live/{username}/{password}/{id:long}.{ext}", (HttpContext http, string username, string password, long id, string ext) => ByXtreamAsync(http, username, password, PlaybackKind.Live, id, ext));
        group.MapGet("/movie/{username}/{password}/{id:long}.{ext}", (HttpContext http, string username, string password, long id, string ext) => ByXtreamAsync(http, username, password, PlaybackKind.Movie, id, ext));
        group.MapGet("/series/{username}/{password}/{id:long}.{ext}", (HttpContext http, string username, string password, long id, string ext) => ByXtreamAsync(http, username, password, PlaybackKind.Episode, id, ext));
        group.MapGet("/play/hls/{link}.{ext}", HlsLinkAsync);
    }

    private static async Task<IResult> ByTokenAsync(HttpContext http, string token, PlaybackKind kind, long id, string ext)
    {
        var account = await http.RequestServices.GetRequiredService<PlayerAuth>().ByTokenAsync(token, http.RequestAborted);
        return account is null ? Unauthorized() : await PlayAsync(http, account, kind, id, ext);
    }

    private static async Task<IResult> ByXtreamAsync(HttpContext http, string username, string password, PlaybackKind kind, long id, string ext)
    {
        var account = await http.RequestServices.GetRequiredService<PlayerAuth>().ByXtreamAsync(username, password, http.RequestAborted);
        return account is null ? Unauthorized() : await PlayAsync(http, account, kind, id, ext);
    }

    private static async Task<IResult> PlayAsync(HttpContext http, PlayerAccount account, PlaybackKind kind, long id, string ext)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptionsMonitor<PlaybackOptions>>().CurrentValue;
        var target = await services.GetRequiredService<StreamCandidates>().ForAsync(kind, id, ext.ToLowerInvariant(), http.RequestAborted);
        if (target is null)
        {
            return ApiProblems.NotFound(kind == PlaybackKind.Live ? "Channel" : kind == PlaybackKind.Movie ? "Movie" : "Episode");
        }

        if (target.Candidates.Count == 0)
        {
            return Problem(StatusCodes.Status502BadGateway, "Nothing to play", $"'{target.Title}' has no stream to play.");
        }

        var start = new SessionStart(account.UserId, kind, id, target.Candidates[0].StreamId, SessionSources.Proxy,
            http.Request.Headers.UserAgent.ToString(), http.Connection.RemoteIpAddress?.ToString(), target.ProgrammeEndsAt, target.DurationSeconds);
        if (options.Redirect)
        {
            return await RedirectAsync(http, target, start with { Source = SessionSources.Redirect });
        }

        if (kind != PlaybackKind.Live)
        {
            return await VodAsync(http, target, start);
        }

        return string.Equals(ext, "m3u8", StringComparison.OrdinalIgnoreCase)
            ? await HlsAsync(http, account, target, start)
            : await RelayAsync(http, target, start);
    }

    /// <summary>Live MPEG-TS through the channel's shared relay; the session ends exactly when the player disconnects.</summary>
    private static async Task<IResult> RelayAsync(HttpContext http, PlaybackTarget target, SessionStart start)
    {
        var services = http.RequestServices;
        var hub = services.GetRequiredService<LiveRelayHub>();
        var sessions = services.GetRequiredService<SessionTracker>();
        var viewer = hub.Join(target.Id, target.Candidates);
        Task<long>? sessionTask = null;
        long unreported = 0;
        try
        {
            try
            {
                if (!await viewer.Reader.WaitToReadAsync(http.RequestAborted))
                {
                    return Problem(StatusCodes.Status502BadGateway, "Stream ended", "The stream ended before it started.");
                }
            }
            catch (ProvidersBusyException ex)
            {
                services.GetRequiredService<ProviderConnections>().CountRefused("live");
                services.GetRequiredService<PlaybackEventLog>().Refused(target.Candidates, target.Id);
                return Busy(ex.Message);
            }
            catch (UpstreamException ex)
            {
                return Problem(StatusCodes.Status502BadGateway, "No stream answers", $"{ex.Message}.");
            }

            // The session row is written while the first bytes already flow: a player zapping channels should not wait for the database.
            sessionTask = sessions.StartAsync(start with { StreamId = viewer.StreamId }, CancellationToken.None);
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "video/mp2t";
            http.Response.Headers.CacheControl = "no-store";
            var body = http.Response.Body;
            try
            {
                while (await viewer.Reader.WaitToReadAsync(http.RequestAborted))
                {
                    while (viewer.Reader.TryRead(out var chunk))
                    {
                        await body.WriteAsync(chunk, http.RequestAborted);
                        viewer.Consumed(chunk.Length);
                        unreported += chunk.Length;
                        if (sessionTask.IsCompletedSuccessfully)
                        {
                            sessions.Touch(sessionTask.Result, unreported, viewer.StreamId);
                            unreported = 0;
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SlowViewerException or UpstreamException or ProvidersBusyException)
            {
                // The player left, fell behind, or every stream failed: the response just ends.
            }

            return Results.Empty;
        }
        finally
        {
            LiveRelayHub.Leave(viewer);
            if (sessionTask is not null)
            {
                try
                {
                    var id = await sessionTask;
                    sessions.Touch(id, unreported, viewer.StreamId);
                    await sessions.EndAsync(id, CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PlaybackEndpoints)).LogWarning(ex, "Could not record the viewing session of channel {ChannelId}", target.Id);
                }
            }
        }
    }

    /// <summary>Live HLS: the provider's playlist rewritten so segments come through us; fails over while choosing.</summary>
    private static async Task<IResult> HlsAsync(HttpContext http, PlayerAccount account, PlaybackTarget target, SessionStart start)
    {
        var services = http.RequestServices;
        var hls = services.GetRequiredService<HlsProxy>();
        var upstream = services.GetRequiredService<Upstream>();
        var health = services.GetRequiredService<PlaybackHealthReporter>();
        var failed = new HashSet<long>();
        while (true)
        {
            var candidate = hls.Choose(target.Id, target.Candidates, failed);
            if (candidate is null)
            {
                if (failed.Count == 0)
                {
                    services.GetRequiredService<ProviderConnections>().CountRefused("hls");
                    services.GetRequiredService<PlaybackEventLog>().Refused(target.Candidates, target.Id);
                    return Busy("every provider connection of this channel is in use");
                }

                return Problem(StatusCodes.Status502BadGateway, "No stream answers", "no stream of this channel could be played.");
            }

            try
            {
                await using var answer = await upstream.OpenAsync(candidate.Url, candidate.UserAgent, http.RequestAborted);
                if (!answer.IsPlaylist)
                {
                    // The provider sends TS for this channel: play it through the relay instead.
                    return await RelayAsync(http, target, start);
                }

                var playlist = HlsPlaylist.Parse(await Upstream.ReadPlaylistAsync(answer, http.RequestAborted), answer.FinalUri);
                await services.GetRequiredService<SessionTracker>().StartOrTouchAsync(start with { StreamId = candidate.StreamId }, CancellationToken.None);
                var text = hls.Rewrite(playlist, BaseUrl(http), account.UserId, PlaybackKind.Live, target.Id, candidate.StreamId, candidate.UserAgent);
                return Results.Text(text, "application/vnd.apple.mpegurl", Encoding.UTF8);
            }
            catch (UpstreamException ex)
            {
                if (candidate.StreamId is { } streamId)
                {
                    failed.Add(streamId);
                    services.GetRequiredService<ProviderConnections>().CountFailover();
                    services.GetRequiredService<PlaybackEventLog>().Failover(candidate, target.Id);
                    await health.FailedAsync(streamId, ex.Message, ex.HttpStatus, ex.LatencyMs);
                }
                else
                {
                    return Problem(StatusCodes.Status502BadGateway, "No stream answers", $"{ex.Message}.");
                }
            }
        }
    }

    /// <summary>A segment or nested playlist of a rewritten HLS playlist.</summary>
    private static async Task<IResult> HlsLinkAsync(HttpContext http, string link, string ext)
    {
        var services = http.RequestServices;
        var hls = services.GetRequiredService<HlsProxy>();
        if (hls.Unprotect(link) is not { } target)
        {
            return ApiProblems.NotFound("Segment");
        }

        var sessions = services.GetRequiredService<SessionTracker>();
        var start = new SessionStart(target.UserId, target.Kind, target.ItemId, target.StreamId, SessionSources.Proxy,
            http.Request.Headers.UserAgent.ToString(), http.Connection.RemoteIpAddress?.ToString(), null, null);
        var sessionId = await sessions.StartOrTouchAsync(start, CancellationToken.None);
        if (target.Kind == PlaybackKind.Live)
        {
            hls.Touch(target.ItemId);
        }

        try
        {
            await using var answer = await services.GetRequiredService<Upstream>().OpenAsync(target.Url, target.UserAgent, http.RequestAborted,
                request => CopyRange(http, request));
            if (answer.IsPlaylist || string.Equals(ext, "m3u8", StringComparison.OrdinalIgnoreCase))
            {
                var playlist = HlsPlaylist.Parse(await Upstream.ReadPlaylistAsync(answer, http.RequestAborted), answer.FinalUri);
                return Results.Text(hls.Rewrite(playlist, BaseUrl(http), target.UserId, target.Kind, target.ItemId, target.StreamId, target.UserAgent),
                    "application/vnd.apple.mpegurl", Encoding.UTF8);
            }

            await CopyAnswerAsync(http, answer, bytes => sessions.Touch(sessionId, bytes));
            return Results.Empty;
        }
        catch (UpstreamException ex)
        {
            return Problem(StatusCodes.Status502BadGateway, "Segment unavailable", $"{ex.Message}.");
        }
    }

    /// <summary>Movies and episodes: one upstream request per player request (players seek with ranges), one session per item.</summary>
    private static async Task<IResult> VodAsync(HttpContext http, PlaybackTarget target, SessionStart start)
    {
        var services = http.RequestServices;
        var connections = services.GetRequiredService<ProviderConnections>();
        var candidate = target.Candidates[0];
        using var lease = connections.TryAcquire(candidate.ProviderId, candidate.MaxConnections);
        if (lease is null)
        {
            connections.CountRefused("vod");
            services.GetRequiredService<PlaybackEventLog>().Refused(target.Candidates, null);
            return Busy("every connection of this provider is in use");
        }

        var sessions = services.GetRequiredService<SessionTracker>();
        try
        {
            await using var answer = await services.GetRequiredService<Upstream>().OpenAsync(candidate.Url, candidate.UserAgent, http.RequestAborted,
                request => CopyRange(http, request));
            var sessionId = await sessions.StartOrTouchAsync(start with { StreamId = null }, CancellationToken.None);
            await CopyAnswerAsync(http, answer, bytes => sessions.Touch(sessionId, bytes));
            return Results.Empty;
        }
        catch (UpstreamException ex)
        {
            return Problem(StatusCodes.Status502BadGateway, "Not available", $"{ex.Message}.");
        }
    }

    /// <summary>Redirect mode: a 302 to the chosen stream; the session stays open while the player comes back, then the sweeper closes it.</summary>
    private static async Task<IResult> RedirectAsync(HttpContext http, PlaybackTarget target, SessionStart start)
    {
        var services = http.RequestServices;
        var connections = services.GetRequiredService<ProviderConnections>();
        var candidate = target.Candidates.FirstOrDefault(c => connections.HasRoom(c.ProviderId, c.MaxConnections));
        if (candidate is null)
        {
            connections.CountRefused("redirect");
            services.GetRequiredService<PlaybackEventLog>().Refused(target.Candidates, target.Kind == PlaybackKind.Live ? target.Id : null);
            return Busy("every provider connection of this item is in use");
        }

        await services.GetRequiredService<SessionTracker>().StartOrTouchAsync(start with { StreamId = candidate.StreamId }, CancellationToken.None);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Redirect(candidate.Url);
    }

    private static void CopyRange(HttpContext http, HttpRequestMessage request)
    {
        if (http.Request.Headers.Range is { Count: > 0 } range)
        {
            request.Headers.TryAddWithoutValidation("Range", range.ToString());
        }

        if (http.Request.Headers.IfRange is { Count: > 0 } ifRange)
        {
            request.Headers.TryAddWithoutValidation("If-Range", ifRange.ToString());
        }
    }

    private static async Task CopyAnswerAsync(HttpContext http, UpstreamResponse answer, Action<long> sent)
    {
        var response = answer.Response;
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.StatusCode = (int)response.StatusCode;
        http.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
        if (response.Content.Headers.ContentLength is { } length)
        {
            http.Response.ContentLength = length;
        }

        if (response.Content.Headers.ContentRange is { } contentRange)
        {
            http.Response.Headers.ContentRange = contentRange.ToString();
        }

        if (response.Headers.AcceptRanges.Count > 0)
        {
            http.Response.Headers.AcceptRanges = string.Join(", ", response.Headers.AcceptRanges);
        }

        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await answer.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
            {
                await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted);
                sent(read);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
            // The player stopped (seek, close) or the provider dropped the connection: the response ends here.
        }
    }

    private static string BaseUrl(HttpContext http) =>
        PlaybackUrls.BaseUrl(http.Request, http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.PublicUrl);

    private static IResult Unauthorized() =>
        Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "The playback token or the Xtream credentials are not valid.");

    private static IResult Busy(string detail) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "All connections in use", $"{detail}; try again when another viewer stops.");

    private static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
