using System.Globalization;
using M3uStrm.Formats.M3u;
using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Features.Providers;

namespace M3uStrm.Server.Features.Outputs;

/// <summary>Where a playlist's entries and guide point: token URLs for <c>/playlist</c>, Xtream URLs for <c>get.php</c>.</summary>
internal sealed record PlaylistLinks(Func<PlaybackKind, long, string, string> Stream, string GuideUrl);

/// <summary>
/// Writes a player's M3U straight from the database to the response with <see cref="M3uWriter"/>: live channels
/// (tvg-id = <see cref="EpgIds"/>, as in the guide), then, when asked, movies and series episodes in groups of
/// their own (<c>Movies: Genre</c>, <c>Series: Genre</c>). Every URL points at this server.
/// </summary>
internal sealed class PlaylistExport(OutputCatalog catalog, ProviderTraces traces)
{
    public const string ContentType = "audio/x-mpegurl; charset=utf-8";
    public const string MoviesGroup = "Movies";
    public const string SeriesGroup = "Series";

    public async Task WriteAsync(Stream body, PlaylistRequest request, PlaylistLinks links, CancellationToken cancellationToken)
    {
        var images = await traces.LoadAsync(cancellationToken);
        IReadOnlyCollection<string>? liveGroups = null, movieGenres = null, seriesGenres = null;
        if (request.Groups is { } wanted)
        {
            liveGroups = Resolve(wanted, (await catalog.LiveCategoriesAsync(cancellationToken)).Ordered, null);
            if (request.IncludeVod)
            {
                movieGenres = Resolve(wanted, (await catalog.VodCategoriesAsync(cancellationToken)).Ordered, MoviesGroup);
                seriesGenres = Resolve(wanted, (await catalog.SeriesCategoriesAsync(cancellationToken)).Ordered, SeriesGroup);
            }
        }

        await using var writer = new M3uWriter(body, leaveOpen: true);
        writer.WriteHeader(new M3uHeader { Present = true, Attributes = request.Plain ? [] : [new(M3uKeys.XTvgUrl, links.GuideUrl)] });

        if (liveGroups is not { Count: 0 })
        {
            await foreach (var c in catalog.ChannelsAsync(liveGroups).WithCancellation(cancellationToken))
            {
                var attributes = request.Plain ? [] : new List<M3uAttribute>(5)
                {
                    new(M3uKeys.TvgId, EpgIds.Of(c.Id, c.EpgChannelId)),
                    new(M3uKeys.TvgName, c.Name),
                };
                if (!request.Plain)
                {
                    if (images.Clean(c.Logo) is { } logo)
                    {
                        attributes.Add(new(M3uKeys.TvgLogo, logo));
                    }

                    if (c.Number is { } number)
                    {
                        attributes.Add(new(M3uKeys.TvgChno, number.ToString(CultureInfo.InvariantCulture)));
                    }

                    if (!string.IsNullOrEmpty(c.Group))
                    {
                        attributes.Add(new(M3uKeys.GroupTitle, c.Group));
                    }
                }

                await writer.WriteEntryAsync(Entry(c.Name, attributes, links.Stream(PlaybackKind.Live, c.Id, request.LiveExtension)), cancellationToken);
            }
        }

        if (!request.IncludeVod)
        {
            await writer.FlushAsync(cancellationToken);
            return;
        }

        if (movieGenres is not { Count: 0 })
        {
            await foreach (var m in catalog.MoviesAsync(movieGenres).WithCancellation(cancellationToken))
            {
                var title = m.Year is { } year ? $"{m.Title} ({year})" : m.Title;
                var attributes = request.Plain ? [] : VodAttributes(m.Title, images.Clean(m.Poster), Group(MoviesGroup, m.Genre));
                await writer.WriteEntryAsync(Entry(title, attributes, links.Stream(PlaybackKind.Movie, m.Id, m.ContainerExtension ?? "mp4")), cancellationToken);
            }
        }

        if (seriesGenres is not { Count: 0 })
        {
            await foreach (var e in catalog.EpisodesAsync(genres: seriesGenres).WithCancellation(cancellationToken))
            {
                var title = EpisodeTitle(e);
                var attributes = request.Plain ? [] : VodAttributes(title, images.Clean(e.Poster) ?? images.Clean(e.SeriesPoster), Group(SeriesGroup, e.Genre));
                await writer.WriteEntryAsync(Entry(title, attributes, links.Stream(PlaybackKind.Episode, e.Id, e.ContainerExtension ?? "mp4")), cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary><c>Series S01E02</c>, followed by the episode's own title unless that already names the episode.</summary>
    public static string EpisodeTitle(EpisodeRow e)
    {
        var episode = string.Create(CultureInfo.InvariantCulture, $"S{e.Season:00}E{e.Number:00}");
        if (string.IsNullOrWhiteSpace(e.Title))
        {
            return $"{e.SeriesTitle} {episode}";
        }

        return e.Title.Contains(episode, StringComparison.OrdinalIgnoreCase) ? e.Title : $"{e.SeriesTitle} {episode} - {e.Title}";
    }

    private static M3uEntry Entry(string title, IReadOnlyList<M3uAttribute> attributes, string url) =>
        new() { Duration = -1, Title = title, Attributes = attributes, Url = url };

    private static List<M3uAttribute> VodAttributes(string name, string? poster, string group)
    {
        var attributes = new List<M3uAttribute>(3) { new(M3uKeys.TvgName, name) };
        if (poster is not null)
        {
            attributes.Add(new(M3uKeys.TvgLogo, poster));
        }

        attributes.Add(new(M3uKeys.GroupTitle, group));
        return attributes;
    }

    /// <summary>The group a movie or an episode is listed in: <c>Movies: Action</c>, or <c>Movies</c> without a genre.</summary>
    public static string Group(string prefix, string? genre) => string.IsNullOrEmpty(genre) ? prefix : $"{prefix}: {genre}";

    /// <summary>
    /// The stored titles (<c>""</c> = ungrouped) that the requested names pick, case-insensitively. With a prefix the
    /// names are the listed VOD groups (<c>Movies: Action</c>); without one, live group titles or "Uncategorized".
    /// </summary>
    private static List<string> Resolve(IReadOnlyList<string> wanted, IReadOnlyList<string> titles, string? prefix) =>
        titles.Where(t => wanted.Any(w => string.Equals(w, prefix is null ? CategoryIds.Name(t) : Group(prefix, t), StringComparison.OrdinalIgnoreCase)))
            .ToList();
}
