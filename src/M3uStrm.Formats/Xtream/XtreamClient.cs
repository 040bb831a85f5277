using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace M3uStrm.Formats.Xtream;

/// <summary>
/// Typed client for <c>player_api.php</c>. Register with <see cref="XtreamServiceCollectionExtensions.AddXtreamClient"/>
/// (HttpClient from the factory with timeout, retries and decompression). Lists are streamed from the
/// response body item by item, never buffered as one string.
/// </summary>
public sealed class XtreamClient(HttpClient http, IOptions<XtreamClientOptions> options)
{
    private readonly XtreamClientOptions _options = options.Value;

    public async Task<XtreamAuthResponse> AuthenticateAsync(XtreamCredentials account, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(XtreamUrls.PlayerApi(account), cancellationToken);
        await using var body = await OpenBodyAsync(response, cancellationToken);
        var problems = new List<FormatProblem>();
        var auth = await XtreamJson.ReadObjectAsync<XtreamAuthResponse>(body, problems, cancellationToken);
        if (auth is null && problems.Count > 0)
        {
            // An HTML error page or a cut answer is not a refusal of the credentials: say what it is.
            throw new System.Text.Json.JsonException($"The login answer is not a JSON object: {problems[0].Message}");
        }

        if (auth is null || !auth.IsAuthenticated)
        {
            throw new XtreamAuthenticationException($"The server did not accept the credentials for {account}.");
        }

        return auth;
    }

    public IAsyncEnumerable<XtreamCategory> GetLiveCategoriesAsync(XtreamCredentials account, ICollection<FormatProblem>? problems = null, CancellationToken cancellationToken = default) =>
        ListAsync<XtreamCategory>(XtreamUrls.PlayerApi(account, "get_live_categories"), problems, cancellationToken);

    public IAsyncEnumerable<XtreamCategory> GetVodCategoriesAsync(XtreamCredentials account, ICollection<FormatProblem>? problems = null, CancellationToken cancellationToken = default) =>
        ListAsync<XtreamCategory>(XtreamUrls.PlayerApi(account, "get_vod_categories"), problems, cancellationToken);

    public IAsyncEnumerable<XtreamCategory> GetSeriesCategoriesAsync(XtreamCredentials account, ICollection<FormatProblem>? problems = null, CancellationToken cancellationToken = default) =>
        ListAsync<XtreamCategory>(XtreamUrls.PlayerApi(account, "get_series_categories"), problems, cancellationToken);

    public IAsyncEnumerable<XtreamLiveStream> GetLiveStreamsAsync(XtreamCredentials account, string? categoryId = null, ICollection<FormatProblem>? problems = null, CancellationToken cancellationToken = default) =>
        ListAsync<XtreamLiveStream>(XtreamUrls.PlayerApi(account, "get_live_streams", Category(categoryId)), problems, cancellationToken);

    public IAsyncEnumerable<XtreamVodStream> GetVodStreamsAsync(XtreamCredentials account, string? categoryId = null, ICollection<FormatProblem>? problems = null, CancellationToken cancellationToken = default) =>
        ListAsync<XtreamVodStream>(XtreamUrls.PlayerApi(account, "get_vod_streams", Category(categoryId)), problems, cancellationToken);

    public IAsyncEnumerable<XtreamSeries> GetSeriesAsync(XtreamCredentials account, string? categoryId = null, ICollection<FormatProblem>? problems = null, CancellationToken cancellationToken = default) =>
        ListAsync<XtreamSeries>(XtreamUrls.PlayerApi(account, "get_series", Category(categoryId)), problems, cancellationToken);

    public Task<XtreamVodInfo?> GetVodInfoAsync(XtreamCredentials account, long vodId, CancellationToken cancellationToken = default) =>
        ObjectAsync<XtreamVodInfo>(XtreamUrls.PlayerApi(account, "get_vod_info", ("vod_id", vodId.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    public Task<XtreamSeriesInfo?> GetSeriesInfoAsync(XtreamCredentials account, long seriesId, CancellationToken cancellationToken = default) =>
        ObjectAsync<XtreamSeriesInfo>(XtreamUrls.PlayerApi(account, "get_series_info", ("series_id", seriesId.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    public Task<XtreamShortEpg?> GetShortEpgAsync(XtreamCredentials account, long streamId, int? limit = null, CancellationToken cancellationToken = default) =>
        ObjectAsync<XtreamShortEpg>(
            XtreamUrls.PlayerApi(account, "get_short_epg", limit is { } l
                ? [("stream_id", streamId.ToString(CultureInfo.InvariantCulture)), ("limit", l.ToString(CultureInfo.InvariantCulture))]
                : [("stream_id", streamId.ToString(CultureInfo.InvariantCulture))]),
            cancellationToken);

    private static (string, string)[] Category(string? categoryId) => categoryId is null ? [] : [("category_id", categoryId)];

    private async IAsyncEnumerable<T> ListAsync<T>(string url, ICollection<FormatProblem>? problems, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendAsync(url, cancellationToken);
        await using var body = await OpenBodyAsync(response, cancellationToken);
        await foreach (var item in XtreamJson.ReadListAsync<T>(body, problems, cancellationToken))
        {
            yield return item;
        }
    }

    private async Task<T?> ObjectAsync<T>(string url, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendAsync(url, cancellationToken);
        await using var body = await OpenBodyAsync(response, cancellationToken);
        return await XtreamJson.ReadObjectAsync<T>(body, null, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(string url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            response.Dispose();
            throw new XtreamAuthenticationException($"The server answered {(int)response.StatusCode}: the credentials were refused.");
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = response.StatusCode;
            response.Dispose();
            throw new HttpRequestException($"The Xtream server answered {(int)status}.", null, status);
        }

        if (response.Content.Headers.ContentLength is { } length && length > _options.MaxResponseBytes)
        {
            response.Dispose();
            throw new XtreamResponseTooLargeException($"The answer announces {length} bytes, more than the limit of {_options.MaxResponseBytes}.");
        }

        return response;
    }

    private async Task<Stream> OpenBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        new SizeLimitedStream(await response.Content.ReadAsStreamAsync(cancellationToken), _options.MaxResponseBytes);
}
