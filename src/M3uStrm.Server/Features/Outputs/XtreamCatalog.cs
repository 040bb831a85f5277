using System.Globalization;
using System.Runtime.CompilerServices;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Outputs;

/// <summary>Where the answering server is, as players must reach it (request, or <c>PublicUrl</c>).</summary>
internal sealed record XtreamServer(string Host, int Port, string Protocol);

/// <summary>
/// The content of our Xtream-compatible API (<c>player_api.php</c>): the same catalogue as the playlists, in the
/// shapes real panels answer. Ids: live = channel id, VOD = VOD item id, series = series id, episode = episode id,
/// so apps build <c>/live|movie|series/{user}/{password}/{id}.{ext}</c> URLs that reach our playback endpoint.
/// </summary>
internal sealed class XtreamCatalog(AppDbContext db, OutputCatalog catalog, ProviderTraces traces, TimeProvider time)
{
    /// <summary>Live formats the playback endpoint serves; apps pick a live URL extension from this list.</summary>
    public static readonly IReadOnlyList<string> OutputFormats = ["m3u8", "ts"];

    public async Task<XtreamAuthAnswer> AuthAsync(PlayerAccount account, XtreamServer server, CancellationToken cancellationToken)
    {
        var createdAt = await db.Users.AsNoTracking().Where(u => u.Id == account.UserId).Select(u => u.CreatedAt).FirstAsync(cancellationToken);
        var active = await db.Set<ViewingSession>().CountAsync(s => s.UserId == account.UserId && s.EndedAt == null, cancellationToken);
        // What the server can play at once is bounded by the providers' connection limits.
        var connections = await db.Set<Provider>().Where(p => p.Enabled).SumAsync(p => (int?)p.MaxConnections, cancellationToken) ?? 0;
        var now = time.GetUtcNow();
        var port = server.Port.ToString(CultureInfo.InvariantCulture);
        return new XtreamAuthAnswer(
            new XtreamUserInfoAnswer(account.Username, account.XtreamPassword, "", 1, "Active", null, "0",
                Text(active), Unix(createdAt), Text(Math.Max(1, connections)), OutputFormats),
            new XtreamServerInfoAnswer(server.Host, port, port, server.Protocol, "0", "UTC", now.ToUnixTimeSeconds(),
                now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), true));
    }

    public static IReadOnlyList<XtreamCategoryAnswer> Categories(CategoryIds categories) =>
        categories.Ordered.Select(t => new XtreamCategoryAnswer(Text(categories.IdOf(t)), CategoryIds.Name(t), 0)).ToList();

    /// <summary>
    /// Every enabled channel in channel order (or those of one category). <c>num</c> is the channel's number, and for
    /// unnumbered channels (listed after the numbered ones) the next number after the highest so far.
    /// </summary>
    public async IAsyncEnumerable<XtreamLiveAnswer> LiveStreamsAsync(CategoryIds categories, string? onlyGroup,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var images = await traces.LoadAsync(cancellationToken);
        long highest = 0;
        await foreach (var c in catalog.ChannelsAsync(withCreatedAt: true).WithCancellation(cancellationToken))
        {
            var num = c.Number is { } n ? n : highest + 1;
            highest = Math.Max(highest, num);
            var group = string.IsNullOrEmpty(c.Group) ? "" : c.Group;
            if (onlyGroup is not null && group != onlyGroup)
            {
                continue;
            }

            var category = categories.IdOf(group);
            yield return new XtreamLiveAnswer(num, c.Name, "live", c.Id, images.Clean(c.Logo) ?? "", EpgIds.Of(c.Id, c.EpgChannelId),
                Unix(c.CreatedAt ?? default), Text(category), [category], "", 0, "", 0, "");
        }
    }

    public async IAsyncEnumerable<XtreamMovieAnswer> MoviesAsync(CategoryIds categories, string? onlyGenre,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var images = await traces.LoadAsync(cancellationToken);
        long num = 0;
        await foreach (var m in catalog.MoviesAsync(onlyGenre is null ? null : [onlyGenre]).WithCancellation(cancellationToken))
        {
            var category = categories.IdOf(m.Genre);
            yield return new XtreamMovieAnswer(++num, MovieName(m), m.Title, Text(m.Year), "movie", m.Id, images.Clean(m.Poster) ?? "",
                Rating(m.Rating), Rating5(m.Rating), Unix(m.FirstSeenAt), m.Plot ?? "", m.Genre ?? "", "", "", Text(m.Year),
                Text(m.DurationSeconds / 60), "", Text(category), [category], Extension(m.ContainerExtension), "", "");
        }
    }

    public async Task<XtreamVodInfoAnswer?> MovieInfoAsync(long id, CategoryIds categories, CancellationToken cancellationToken)
    {
        if (await catalog.MovieAsync(id, cancellationToken) is not { } m)
        {
            return null;
        }

        var images = await traces.LoadAsync(cancellationToken);
        var poster = images.Clean(m.Poster) ?? "";
        var category = categories.IdOf(m.Genre);
        object tmdb = long.TryParse(m.TmdbId, NumberStyles.None, CultureInfo.InvariantCulture, out var tmdbId) ? tmdbId : "";
        var seconds = m.DurationSeconds ?? 0;
        return new XtreamVodInfoAnswer(
            new XtreamVodInfoDetails("", tmdb, m.Title, m.Title, poster, poster, Text(m.Year), Text(m.Year), seconds / 60, "", "", "", "",
                m.Plot ?? "", m.Plot ?? "", "", "", "", m.Genre ?? "", [], seconds, Duration(seconds), 0, m.Rating ?? 0),
            new XtreamMovieData(m.Id, MovieName(m), m.Title, Text(m.Year), Unix(m.FirstSeenAt), Text(category), [category],
                Extension(m.ContainerExtension), "", ""));
    }

    public async IAsyncEnumerable<XtreamSeriesAnswer> SeriesAsync(CategoryIds categories, string? onlyGenre,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var images = await traces.LoadAsync(cancellationToken);
        long num = 0;
        await foreach (var s in catalog.SeriesAsync(onlyGenre is null ? null : [onlyGenre]).WithCancellation(cancellationToken))
        {
            var category = categories.IdOf(s.Genre);
            yield return new XtreamSeriesAnswer(++num, SeriesName(s), s.Title, Text(s.Year), "series", s.Id, images.Clean(s.Poster) ?? "",
                s.Plot ?? "", "", "", s.Genre ?? "", Text(s.Year), Text(s.Year), Unix(Modified(s)), Rating(s.Rating), Rating5(s.Rating),
                [], "", "0", Text(category), [category]);
        }
    }

    /// <summary>A series with its episodes by season (keys are season numbers, as panels send them); null when not offered.</summary>
    public async Task<XtreamSeriesInfoAnswer?> SeriesInfoAsync(long id, CategoryIds categories, CancellationToken cancellationToken)
    {
        if (await catalog.OneSeriesAsync(id, cancellationToken) is not { } s)
        {
            return null;
        }

        var images = await traces.LoadAsync(cancellationToken);
        var cover = images.Clean(s.Poster) ?? "";
        var episodes = new SortedDictionary<int, List<XtreamEpisodeAnswer>>();
        await foreach (var e in catalog.EpisodesAsync(seriesId: id).WithCancellation(cancellationToken))
        {
            if (!episodes.TryGetValue(e.Season, out var list))
            {
                episodes[e.Season] = list = [];
            }

            var seconds = e.DurationSeconds ?? 0;
            var image = images.Clean(e.Poster) ?? cover;
            list.Add(new XtreamEpisodeAnswer(Text(e.Id), Text(e.Number), PlaylistExport.EpisodeTitle(e), Extension(e.ContainerExtension),
                new XtreamEpisodeInfo("", e.Plot ?? "", seconds, Duration(seconds), image, 0, 0, e.Season, image),
                "", Unix(e.FirstSeenAt), e.Season, ""));
        }

        var seasons = episodes.Select(pair => new XtreamSeasonAnswer("", pair.Value.Count, pair.Key,
            pair.Key == 0 ? "Specials" : $"Season {pair.Key}", "", pair.Key, 0, cover, cover)).ToList();
        var category = categories.IdOf(s.Genre);
        var info = new XtreamSeriesInfoDetails(SeriesName(s), s.Title, Text(s.Year), cover, s.Plot ?? "", "", "", s.Genre ?? "",
            Text(s.Year), Text(s.Year), Unix(Modified(s)), Rating(s.Rating), Rating5(s.Rating), [], "", "0", Text(category), [category], s.Id);
        return new XtreamSeriesInfoAnswer(seasons, info, episodes.ToDictionary(p => Text(p.Key), p => p.Value));
    }

    private static string MovieName(MovieRow m) => m.Year is { } year ? $"{m.Title} ({year})" : m.Title;

    private static string SeriesName(SeriesRow s) => s.Year is { } year ? $"{s.Title} ({year})" : s.Title;

    private static DateTime Modified(SeriesRow s) =>
        s.SourceModified is > 0 and < 253402300799 and { } unix ? DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime : s.UpdatedAt;

    /// <summary>Our playback endpoint serves what the provider has: a VOD URL needs the item's own container.</summary>
    private static string Extension(string? extension) => string.IsNullOrWhiteSpace(extension) ? "mp4" : extension.Trim().TrimStart('.').ToLowerInvariant();

    private static string Rating(double? rating) => rating is { } r ? r.ToString("0.#", CultureInfo.InvariantCulture) : "";

    private static double Rating5(double? rating) => rating is { } r ? Math.Round(r / 2, 1) : 0;

    private static string Duration(int seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");

    internal static string Unix(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    internal static string Text(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
