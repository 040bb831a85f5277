using System.Globalization;
using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Outputs;

/// <summary>
/// The Xtream Codes-compatible API IPTV apps log in to with the user's name and <c>xtream_password</c>:
/// <c>player_api.php</c> (GET or form POST), <c>get.php</c> (the playlist with Xtream URLs) and <c>xmltv.php</c>.
/// </summary>
internal static class XtreamEndpoints
{
    public const int MaxEpgLimit = 1000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/player_api.php", PlayerApi).WithTags("Outputs").AllowAnonymous();
        app.MapPost("/player_api.php", PlayerApi).WithTags("Outputs").AllowAnonymous().DisableAntiforgery();
        app.MapGet("/get.php", GetPhp).WithTags("Outputs").AllowAnonymous();
        app.MapGet("/xmltv.php", XmltvPhp).WithTags("Outputs").AllowAnonymous();
    }

    /// <summary>
    /// Without an action (or <c>get_profile</c>/<c>get_server_info</c>, which clients send): the login answer. A refused
    /// login is <c>{"user_info":{"auth":0}}</c> as panels send it, with status 401 so HTTP clients fail too.
    /// </summary>
    internal static async Task<IResult> PlayerApi(HttpContext http, PlayerAuth auth, XtreamCatalog xtream, OutputCatalog catalog, XtreamGuide guide,
        IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        var parameters = await XtreamParameters.ReadAsync(http.Request, cancellationToken);
        var account = await auth.ByXtreamAsync(parameters.Get("username"), parameters.Get("password"), cancellationToken);
        if (account is null)
        {
            return TypedResults.Json(new XtreamRefusal(new XtreamRefusalInfo(0)), statusCode: StatusCodes.Status401Unauthorized);
        }

        var action = parameters.Get("action")?.ToLowerInvariant() ?? "";
        switch (action)
        {
            case "" or "get_profile" or "get_server_info":
                return TypedResults.Ok(await xtream.AuthAsync(account, Server(http.Request, options.Value.PublicUrl), cancellationToken));
            case "get_live_categories":
                return TypedResults.Ok(XtreamCatalog.Categories(await catalog.LiveCategoriesAsync(cancellationToken)));
            case "get_vod_categories":
                return TypedResults.Ok(XtreamCatalog.Categories(await catalog.VodCategoriesAsync(cancellationToken)));
            case "get_series_categories":
                return TypedResults.Ok(XtreamCatalog.Categories(await catalog.SeriesCategoriesAsync(cancellationToken)));
            case "get_live_streams":
            {
                var categories = await catalog.LiveCategoriesAsync(cancellationToken);
                return Category(parameters, categories, out var filter) is { } invalid ? invalid
                    : filter.Nothing ? TypedResults.Ok(Array.Empty<object>())
                    : TypedResults.Ok(xtream.LiveStreamsAsync(categories, filter.Title, cancellationToken));
            }

            case "get_vod_streams":
            {
                var categories = await catalog.VodCategoriesAsync(cancellationToken);
                return Category(parameters, categories, out var filter) is { } invalid ? invalid
                    : filter.Nothing ? TypedResults.Ok(Array.Empty<object>())
                    : TypedResults.Ok(xtream.MoviesAsync(categories, filter.Title, cancellationToken));
            }

            case "get_series":
            {
                var categories = await catalog.SeriesCategoriesAsync(cancellationToken);
                return Category(parameters, categories, out var filter) is { } invalid ? invalid
                    : filter.Nothing ? TypedResults.Ok(Array.Empty<object>())
                    : TypedResults.Ok(xtream.SeriesAsync(categories, filter.Title, cancellationToken));
            }

            case "get_vod_info":
            {
                if (Id(parameters, "vod_id", required: true, out var id) is { } invalid)
                {
                    return invalid;
                }

                // Panels answer an unknown id with empty arrays, and clients test for exactly that.
                var info = await xtream.MovieInfoAsync(id!.Value, await catalog.VodCategoriesAsync(cancellationToken), cancellationToken);
                return info is null ? TypedResults.Ok(new { info = Array.Empty<object>(), movie_data = Array.Empty<object>() }) : TypedResults.Ok(info);
            }

            case "get_series_info":
            {
                if (Id(parameters, "series_id", required: true, out var id) is { } invalid)
                {
                    return invalid;
                }

                var info = await xtream.SeriesInfoAsync(id!.Value, await catalog.SeriesCategoriesAsync(cancellationToken), cancellationToken);
                return info is null
                    ? TypedResults.Ok(new { seasons = Array.Empty<object>(), info = Array.Empty<object>(), episodes = Array.Empty<object>() })
                    : TypedResults.Ok(info);
            }

            case "get_short_epg" or "get_simple_data_table":
            {
                if (Id(parameters, "stream_id", required: true, out var id) is { } invalid)
                {
                    return invalid;
                }

                if (Id(parameters, "limit", required: false, out var limit) is { } badLimit)
                {
                    return badLimit;
                }

                if (limit is < 1 or > MaxEpgLimit)
                {
                    return ApiProblems.Validation("limit", $"limit must be between 1 and {MaxEpgLimit}.");
                }

                return action == "get_short_epg"
                    ? TypedResults.Ok(await guide.ShortAsync(id!.Value, (int)(limit ?? 4), cancellationToken))
                    : TypedResults.Ok(await guide.TableAsync(id!.Value, (int?)limit, cancellationToken));
            }

            default:
                return ApiProblems.Validation("action", "action must be one of get_live_categories, get_live_streams, get_vod_categories, get_vod_streams, "
                    + "get_vod_info, get_series_categories, get_series, get_series_info, get_short_epg, get_simple_data_table (or none for the login answer).");
        }
    }

    /// <summary><c>get.php?username&amp;password&amp;type=m3u_plus&amp;output=ts|m3u8</c>: the playlist of <c>/playlist</c> with Xtream URLs.</summary>
    internal static async Task<Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> GetPhp(
        HttpRequest request, PlayerAuth auth, PlaylistExport export, IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        if (await auth.ByXtreamAsync(request.Query["username"], request.Query["password"], cancellationToken) is not { } account)
        {
            return Refused();
        }

        if (!PlaylistRequest.TryParse(request.Query, xtream: true, out var playlist, out var problem))
        {
            return problem;
        }

        var baseUrl = PlaybackUrls.BaseUrl(request, options.Value.PublicUrl);
        var links = new PlaylistLinks(
            (kind, id, extension) => PlaybackUrls.Xtream(baseUrl, account.Username, account.XtreamPassword, kind, id, extension),
            $"{baseUrl}/xmltv.php?username={Uri.EscapeDataString(account.Username)}&password={Uri.EscapeDataString(account.XtreamPassword)}");
        return TypedResults.Stream(body => export.WriteAsync(body, playlist, links, cancellationToken), PlaylistExport.ContentType);
    }

    /// <summary><c>xmltv.php?username&amp;password</c>: the same guide as <c>/epg/{token}.xml</c>.</summary>
    internal static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> XmltvPhp(
        HttpRequest request, PlayerAuth auth, EpgGuideWriter writer, CancellationToken cancellationToken)
    {
        if (await auth.ByXtreamAsync(request.Query["username"], request.Query["password"], cancellationToken) is null)
        {
            return Refused();
        }

        return TypedResults.Stream(body => writer.WriteAsync(body, cancellationToken), "application/xml; charset=utf-8");
    }

    internal static ProblemHttpResult Refused() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "The username or password is not correct.");

    /// <summary>The address players reach us at: <c>PublicUrl</c> when configured, else the request's scheme, host and port.</summary>
    internal static XtreamServer Server(HttpRequest request, string? publicUrl)
    {
        if (!string.IsNullOrWhiteSpace(publicUrl) && Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri))
        {
            return new XtreamServer(uri.Host, uri.Port, uri.Scheme);
        }

        return new XtreamServer(request.Host.Host, request.Host.Port ?? (request.IsHttps ? 443 : 80), request.Scheme);
    }

    /// <summary>Which items a list keeps: all (no title), one group (its stored title, "" for the ungrouped), or none.</summary>
    private readonly record struct CategoryFilter(bool Nothing, string? Title);

    /// <summary>An optional <c>category_id</c>: absent = all, a known id = its group, an unknown id = nothing.</summary>
    private static ValidationProblem? Category(XtreamParameters parameters, CategoryIds categories, out CategoryFilter filter)
    {
        filter = default;
        if (Id(parameters, "category_id", required: false, out var id) is { } invalid)
        {
            return invalid;
        }

        if (id is { } value)
        {
            filter = value <= int.MaxValue && categories.TitleOf((int)value) is { } title ? new CategoryFilter(false, title) : new CategoryFilter(true, null);
        }

        return null;
    }

    private static ValidationProblem? Id(XtreamParameters parameters, string name, bool required, out long? value)
    {
        value = null;
        var text = parameters.Get(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return required ? ApiProblems.Validation(name, $"{name} is required.") : null;
        }

        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return ApiProblems.Validation(name, $"{name} must be a whole number.");
        }

        value = parsed;
        return null;
    }
}

/// <summary>Xtream parameters come in the query, or (IPTV Smarters and others) in a form body.</summary>
internal sealed class XtreamParameters
{
    private readonly IQueryCollection query;
    private readonly IFormCollection? form;

    private XtreamParameters(IQueryCollection query, IFormCollection? form) => (this.query, this.form) = (query, form);

    public static async Task<XtreamParameters> ReadAsync(HttpRequest request, CancellationToken cancellationToken) =>
        new(request.Query, HttpMethods.IsPost(request.Method) && request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null);

    public string? Get(string key)
    {
        if (query.TryGetValue(key, out var fromQuery) && fromQuery.Count > 0 && !string.IsNullOrEmpty(fromQuery[0]))
        {
            return fromQuery[0];
        }

        return form is not null && form.TryGetValue(key, out var fromForm) && fromForm.Count > 0 ? fromForm[0] : null;
    }
}
