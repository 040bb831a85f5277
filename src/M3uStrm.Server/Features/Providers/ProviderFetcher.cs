using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using M3uStrm.Formats;
using M3uStrm.Formats.M3u;
using M3uStrm.Formats.Xtream;
using M3uStrm.Server.Hosting;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Providers;

/// <summary>The provider refused or could not deliver its list; nothing of the provider's content changes.</summary>
public sealed class ProviderFetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads a provider's lists (M3U by URL or file, Xtream API) into a <see cref="ProviderSnapshot"/>.</summary>
internal sealed partial class ProviderFetcher(
    IHttpClientFactory httpFactory,
    XtreamClient xtream,
    ProviderSecrets secrets,
    IOptions<ServerOptions> server)
{
    public const string HttpClientName = "providers";

    private static readonly string[] VodExtensions = [".mp4", ".mkv", ".avi", ".mov", ".m4v", ".wmv"];

    public async Task<ProviderSnapshot> FetchAsync(Provider provider, bool includeDetails, CancellationToken cancellationToken)
    {
        try
        {
            return provider.Kind == ProviderKinds.Xtream
                ? await FetchXtreamAsync(provider, cancellationToken)
                : await FetchM3uAsync(provider, cancellationToken);
        }
        catch (ProviderFetchException)
        {
            throw;
        }
        catch (Exception ex) when (ex is Polly.Timeout.TimeoutRejectedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ProviderFetchException("The provider did not answer in time.", ex);
        }
        catch (XtreamAuthenticationException ex)
        {
            throw new ProviderFetchException($"The provider refused the credentials: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderFetchException(ex.StatusCode is { } status
                ? $"The provider answered HTTP {(int)status} {status}."
                : $"The provider could not be reached: {ProviderSecrets.Mask(ex.Message)}", ex);
        }
        catch (JsonException ex)
        {
            throw new ProviderFetchException($"The provider's answer is not valid JSON (an HTML page or a truncated answer?): {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new ProviderFetchException($"Reading the provider's answer failed: {ProviderSecrets.Mask(ex.Message)}", ex);
        }
    }

    private async Task<ProviderSnapshot> FetchM3uAsync(Provider provider, CancellationToken cancellationToken)
    {
        var snapshot = new ProviderSnapshot { HasLive = provider.ImportLive, HasVod = provider.ImportVod };
        var filter = GroupFilter.For(provider);
        var entries = new List<M3uLine>();
        await using var stream = await OpenM3uAsync(provider, cancellationToken);
        var reader = new M3uReader(stream);
        await foreach (var entry in reader.ReadEntriesAsync(cancellationToken))
        {
            if (entry.StreamUrl is null || !filter.Allows(entry.Group))
            {
                continue;
            }

            entries.Add(new M3uLine(entry.Title, entry.Group, Empty(entry.TvgId), Empty(entry.TvgName), Empty(entry.TvgLogo), entry.ChannelNumber,
                entry.StreamUrl, ExtraAttributes(entry)));
        }

        if (reader.IsHlsMediaPlaylist)
        {
            throw new ProviderFetchException("The URL points to an HLS media playlist (one stream's segments), not an IPTV channel list.");
        }

        if (!reader.Header.Present && reader.EntryCount == 0)
        {
            throw new ProviderFetchException("The answer is not an M3U playlist (no #EXTM3U header and no entries; an HTML page?).");
        }

        foreach (var problem in reader.Problems.Take(100))
        {
            snapshot.Errors.Add(new SyncError("parse", $"line {problem.Line}: {problem.Message}"));
        }

        snapshot.GuideUrls.AddRange(reader.Header.TvgUrls);

        // The parser's garbage goes before the snapshot is built next to the entries.
        SyncMemory.Release(entries.Count);
        var keys = M3uIdentity.Keys(entries);
        snapshot.Live.Capacity = entries.Count;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var url = entry.StreamUrl;
            if (IsVod(url))
            {
                if (provider.ImportVod)
                {
                    var (title, year) = TitleAndYear(entry.Title);
                    snapshot.Vod.Add(new IncomingVod(keys[i], title, year, Empty(entry.Group), null, Empty(entry.Logo), null,
                        null, Path.GetExtension(new Uri(url, UriKind.RelativeOrAbsolute).IsAbsoluteUri ? new Uri(url).AbsolutePath : url).TrimStart('.'), url, null));
                }
            }
            else if (provider.ImportLive)
            {
                snapshot.Live.Add(new IncomingLive(keys[i], Clean(entry.Title), Empty(entry.Group), Empty(entry.TvgId), Empty(entry.TvgName), Empty(entry.Logo),
                    entry.Number, url, url.Contains(".m3u8", StringComparison.OrdinalIgnoreCase) ? "m3u8" : "ts", entry.Attributes));
            }
        }

        return snapshot;
    }

    private async Task<Stream> OpenM3uAsync(Provider provider, CancellationToken cancellationToken)
    {
        if (provider.Kind == ProviderKinds.M3uFile)
        {
            var path = Path.Combine(server.Value.FullDataDirectory, provider.FilePath ?? "");
            return File.Exists(path) ? File.OpenRead(path) : throw new ProviderFetchException("The uploaded playlist file is missing.");
        }

        var url = secrets.Unprotect(provider.UrlProtected) ?? throw new ProviderFetchException("The provider has no URL.");
        var http = httpFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (!string.IsNullOrWhiteSpace(provider.UserAgent))
        {
            request.Headers.UserAgent.ParseAdd(provider.UserAgent);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    private async Task<ProviderSnapshot> FetchXtreamAsync(Provider provider, CancellationToken cancellationToken)
    {
        var account = Credentials(provider);
        var auth = await xtream.AuthenticateAsync(account, cancellationToken);
        if (!auth.IsAuthenticated)
        {
            throw new ProviderFetchException("The provider refused the credentials (auth = 0).");
        }

        var snapshot = new ProviderSnapshot { HasLive = provider.ImportLive, HasVod = provider.ImportVod, HasSeries = provider.ImportSeries };
        snapshot.GuideUrls.Add(XtreamUrls.XmltvPhp(account));
        var filter = GroupFilter.For(provider);
        var problems = new List<FormatProblem>();
        if (provider.ImportLive)
        {
            var categories = await CategoriesAsync(xtream.GetLiveCategoriesAsync(account, problems, cancellationToken));
            await foreach (var live in xtream.GetLiveStreamsAsync(account, null, problems, cancellationToken))
            {
                var group = CategoryOf(categories, live.CategoryId);
                if (live.StreamId is not { } id || !filter.Allows(group))
                {
                    continue;
                }

                var attributes = JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["tv_archive"] = live.TvArchive,
                    ["tv_archive_duration"] = live.TvArchiveDuration,
                });
                snapshot.Live.Add(new IncomingLive(id.ToString(CultureInfo.InvariantCulture), Empty(live.Name) ?? $"Stream {id}", group,
                    Empty(live.EpgChannelId), null, Empty(live.StreamIcon), live.Num is { } n and < int.MaxValue ? (int)n : null, null, "ts", attributes));
            }
        }

        if (provider.ImportVod)
        {
            var categories = await CategoriesAsync(xtream.GetVodCategoriesAsync(account, problems, cancellationToken));
            await foreach (var vod in xtream.GetVodStreamsAsync(account, null, problems, cancellationToken))
            {
                var group = CategoryOf(categories, vod.CategoryId);
                if (vod.StreamId is not { } id || !filter.Allows(group))
                {
                    continue;
                }

                var (title, year) = TitleAndYear(vod.Name ?? vod.Title ?? $"Movie {id}");
                year ??= ParseYear(vod.Year);
                snapshot.Vod.Add(new IncomingVod(id.ToString(CultureInfo.InvariantCulture), title, year, group, Empty(vod.Plot), Empty(vod.StreamIcon),
                    vod.Rating, null, Empty(vod.ContainerExtension), null, null));
            }
        }

        if (provider.ImportSeries)
        {
            var categories = await CategoriesAsync(xtream.GetSeriesCategoriesAsync(account, problems, cancellationToken));
            await foreach (var series in xtream.GetSeriesAsync(account, null, problems, cancellationToken))
            {
                var group = CategoryOf(categories, series.CategoryId);
                if (series.SeriesId is not { } id || !filter.Allows(group))
                {
                    continue;
                }

                var (title, year) = TitleAndYear(series.Name ?? series.Title ?? $"Series {id}");
                year ??= ParseYear(series.Year) ?? ParseYear(series.Released);
                snapshot.Series.Add(new IncomingSeries(id.ToString(CultureInfo.InvariantCulture), title, year, group, Empty(series.Plot),
                    Empty(series.Cover), series.Rating, series.LastModified));
            }
        }

        foreach (var problem in problems.Take(100))
        {
            snapshot.Errors.Add(new SyncError("parse", problem.Message, problem.Line > 0 ? $"item {problem.Line}" : null));
        }

        return snapshot;
    }

    /// <summary>Episodes of one series (<c>get_series_info</c>); null when the provider has none for it.</summary>
    public async Task<IReadOnlyList<IncomingEpisode>?> FetchEpisodesAsync(Provider provider, string seriesExternalId, CancellationToken cancellationToken)
    {
        var info = await xtream.GetSeriesInfoAsync(Credentials(provider), long.Parse(seriesExternalId, CultureInfo.InvariantCulture), cancellationToken);
        if (info is null)
        {
            return null;
        }

        var episodes = new List<IncomingEpisode>();
        foreach (var (seasonKey, list) in info.Episodes)
        {
            _ = int.TryParse(seasonKey, NumberStyles.Integer, CultureInfo.InvariantCulture, out var season);
            foreach (var episode in list)
            {
                if (string.IsNullOrEmpty(episode.Id))
                {
                    continue;
                }

                episodes.Add(new IncomingEpisode(episode.Id, season, episode.EpisodeNum ?? 0, Empty(episode.Title), null, null,
                    Empty(episode.ContainerExtension), null));
            }
        }

        return episodes;
    }

    public XtreamCredentials Credentials(Provider provider) => new(
        (secrets.Unprotect(provider.UrlProtected) ?? "").TrimEnd('/'),
        provider.Username ?? "",
        secrets.Unprotect(provider.PasswordProtected) ?? "");

    private static async Task<Dictionary<string, string>> CategoriesAsync(IAsyncEnumerable<XtreamCategory> categories)
    {
        var map = new Dictionary<string, string>();
        await foreach (var category in categories)
        {
            if (category.CategoryId is { } id && category.CategoryName is { } name)
            {
                map[id] = Clean(name);
            }
        }

        return map;
    }

    private static string? CategoryOf(Dictionary<string, string> categories, string? id) =>
        id is not null && categories.TryGetValue(id, out var name) ? name : null;

    private static bool IsVod(string url)
    {
        if (url.Contains("/movie/", StringComparison.OrdinalIgnoreCase) || url.Contains("/series/", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var path = url.Split('?', '#')[0];
        return VodExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : NullIfEmpty(Clean(value));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>
    /// Provider text without control characters (a NUL cannot be stored in PostgreSQL text and breaks file names and XML),
    /// each replaced by a space, trimmed.
    /// </summary>
    internal static string Clean(string value) =>
        value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') < 0 && value.AsSpan().IndexOf('\u007f') < 0
            ? value.Trim()
            : string.Create(value.Length, value, static (span, text) =>
            {
                for (var i = 0; i < text.Length; i++)
                {
                    span[i] = char.IsControl(text[i]) ? ' ' : text[i];
                }
            }).Trim();

    private static Dictionary<string, string> KnownAttributes { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [M3uKeys.TvgId] = "", [M3uKeys.TvgName] = "", [M3uKeys.TvgLogo] = "", [M3uKeys.GroupTitle] = "", [M3uKeys.TvgChno] = "",
    };

    private static string ExtraAttributes(M3uEntry entry)
    {
        var extra = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in entry.Attributes)
        {
            if (!KnownAttributes.ContainsKey(attribute.Key))
            {
                extra[attribute.Key] = attribute.Value;
            }
        }

        if (entry.UserAgent is { } ua)
        {
            extra["http-user-agent"] = ua;
        }

        if (entry.Referrer is { } referrer)
        {
            extra["http-referrer"] = referrer;
        }

        return JsonSerializer.Serialize(extra);
    }

    internal static (string Title, int? Year) TitleAndYear(string raw)
    {
        raw = Clean(raw);
        var match = YearSuffix().Match(raw);
        return match.Success
            ? (raw[..match.Index].Trim(), int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture))
            : (raw.Trim(), null);
    }

    private static int? ParseYear(string? text) =>
        text is { Length: >= 4 } && int.TryParse(text.AsSpan(0, 4), NumberStyles.Integer, CultureInfo.InvariantCulture, out var y) && y is > 1880 and < 2200 ? y : null;

    [GeneratedRegex(@"\s*[\(\[](?<year>(?:19|20)\d{2})[\)\]]\s*$")]
    private static partial Regex YearSuffix();
}
