using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Outputs;

/// <summary>A channel as outputs list it; <see cref="CreatedAt"/> only when asked for (reading dates from SQLite is not free).</summary>
internal sealed record LiveRow(long Id, string Name, int? Number, string? Group, string? Logo, string? EpgChannelId, DateTime? CreatedAt);

internal sealed record MovieRow(long Id, string Title, int? Year, string? Genre, string? Plot, string? Poster, double? Rating,
    int? DurationSeconds, string? ContainerExtension, string? TmdbId, DateTime FirstSeenAt);

internal sealed record SeriesRow(long Id, string Title, int? Year, string? Genre, string? Plot, string? Poster, double? Rating,
    long? SourceModified, DateTime FirstSeenAt, DateTime UpdatedAt);

internal sealed record EpisodeRow(long Id, long SeriesId, string SeriesTitle, string? Genre, string? SeriesPoster, int Season, int Number,
    string? Title, string? Plot, int? DurationSeconds, string? ContainerExtension, string? Poster, DateTime FirstSeenAt);

/// <summary>
/// What players are offered, read the same way by every output: enabled channels (numbered ones first, by number,
/// then name), and the movies, series and episodes of enabled providers that the last sync still saw.
/// Lists stream from the database; nothing here builds a whole catalogue in memory.
/// </summary>
internal sealed class OutputCatalog(AppDbContext db)
{
    private IQueryable<Channel> EnabledChannels(IReadOnlyCollection<string>? groups)
    {
        var query = db.Set<Channel>().AsNoTracking().Where(c => c.Enabled);
        if (groups is not null)
        {
            // The ungrouped are asked for by "" (the resolved form of their listed name).
            var ungrouped = groups.Contains("");
            query = query.Where(c => (c.GroupTitle != null && groups.Contains(c.GroupTitle)) || (ungrouped && (c.GroupTitle == null || c.GroupTitle == "")));
        }

        return query;
    }

    public IAsyncEnumerable<LiveRow> ChannelsAsync(IReadOnlyCollection<string>? groups = null, bool withCreatedAt = false)
    {
        var ordered = EnabledChannels(groups).OrderBy(c => c.Number == null).ThenBy(c => c.Number).ThenBy(c => c.Name).ThenBy(c => c.Id);
        return (withCreatedAt
                ? ordered.Select(c => new LiveRow(c.Id, c.Name, c.Number, c.GroupTitle, c.Logo, c.EpgChannelId, c.CreatedAt))
                : ordered.Select(c => new LiveRow(c.Id, c.Name, c.Number, c.GroupTitle, c.Logo, c.EpgChannelId, null)))
            .AsAsyncEnumerable();
    }

    /// <summary>Group titles of the enabled channels in channel order (first appearance).</summary>
    public async Task<CategoryIds> LiveCategoriesAsync(CancellationToken cancellationToken)
    {
        var titles = await EnabledChannels(null)
            .OrderBy(c => c.Number == null).ThenBy(c => c.Number).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => c.GroupTitle).ToListAsync(cancellationToken);
        return new CategoryIds(CatalogKind.Live, titles);
    }

    /// <summary>Whether the channel is offered, and its guide mapping (null when it has none).</summary>
    public async Task<(bool Exists, string? EpgChannelId)> ChannelAsync(long id, CancellationToken cancellationToken)
    {
        var channel = await EnabledChannels(null).Where(c => c.Id == id).Select(c => new { c.EpgChannelId }).FirstOrDefaultAsync(cancellationToken);
        return (channel is not null, channel?.EpgChannelId);
    }

    /// <summary>The best quality score of each enabled channel's active streams (for the HDHomeRun HD flag).</summary>
    public async Task<Dictionary<long, int>> BestQualityAsync(CancellationToken cancellationToken) =>
        await (from cs in db.Set<ChannelStream>()
               join s in db.Set<ProviderStream>() on cs.ProviderStreamId equals s.Id
               where cs.IsActive && s.RemovedAt == null
               group s.QualityScore by cs.ChannelId into g
               select new { ChannelId = g.Key, Best = g.Max() })
            .AsNoTracking().ToDictionaryAsync(x => x.ChannelId, x => x.Best, cancellationToken);

    private IQueryable<VodItem> Movies() =>
        from v in db.Set<VodItem>().AsNoTracking()
        join p in db.Set<Provider>() on v.ProviderId equals p.Id
        where v.RemovedAt == null && p.Enabled
        select v;

    public IAsyncEnumerable<MovieRow> MoviesAsync(IReadOnlyCollection<string>? genres = null) =>
        FilterGenre(Movies(), genres)
            .OrderBy(v => v.Title).ThenBy(v => v.Id)
            .Select(v => new MovieRow(v.Id, v.Title, v.Year, v.Genre, v.Plot, v.Poster, v.Rating, v.DurationSeconds, v.ContainerExtension, v.TmdbId, v.FirstSeenAt))
            .AsAsyncEnumerable();

    public Task<MovieRow?> MovieAsync(long id, CancellationToken cancellationToken) =>
        Movies().Where(v => v.Id == id)
            .Select(v => new MovieRow(v.Id, v.Title, v.Year, v.Genre, v.Plot, v.Poster, v.Rating, v.DurationSeconds, v.ContainerExtension, v.TmdbId, v.FirstSeenAt))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<CategoryIds> VodCategoriesAsync(CancellationToken cancellationToken) =>
        new(CatalogKind.Vod, (await Movies().Select(v => v.Genre).Distinct().ToListAsync(cancellationToken)).Order(StringComparer.Ordinal));

    private IQueryable<Series> AllSeries() =>
        from s in db.Set<Series>().AsNoTracking()
        join p in db.Set<Provider>() on s.ProviderId equals p.Id
        where s.RemovedAt == null && p.Enabled
        select s;

    public IAsyncEnumerable<SeriesRow> SeriesAsync(IReadOnlyCollection<string>? genres = null) =>
        FilterGenre(AllSeries(), genres)
            .OrderBy(s => s.Title).ThenBy(s => s.Id)
            .Select(s => new SeriesRow(s.Id, s.Title, s.Year, s.Genre, s.Plot, s.Poster, s.Rating, s.SourceModified, s.FirstSeenAt, s.UpdatedAt))
            .AsAsyncEnumerable();

    public Task<SeriesRow?> OneSeriesAsync(long id, CancellationToken cancellationToken) =>
        AllSeries().Where(s => s.Id == id)
            .Select(s => new SeriesRow(s.Id, s.Title, s.Year, s.Genre, s.Plot, s.Poster, s.Rating, s.SourceModified, s.FirstSeenAt, s.UpdatedAt))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<CategoryIds> SeriesCategoriesAsync(CancellationToken cancellationToken) =>
        new(CatalogKind.Series, (await AllSeries().Select(s => s.Genre).Distinct().ToListAsync(cancellationToken)).Order(StringComparer.Ordinal));

    /// <summary>Episodes of the offered series (of one series, or of those whose genre is listed), by series, season, number.</summary>
    public IAsyncEnumerable<EpisodeRow> EpisodesAsync(long? seriesId = null, IReadOnlyCollection<string>? genres = null) =>
        (from e in db.Set<Episode>().AsNoTracking()
         join s in FilterGenre(AllSeries(), genres) on e.SeriesId equals s.Id
         where e.RemovedAt == null && (seriesId == null || s.Id == seriesId)
         orderby s.Title, s.Id, e.Season, e.Number, e.Id
         select new EpisodeRow(e.Id, s.Id, s.Title, s.Genre, s.Poster, e.Season, e.Number, e.Title, e.Plot, e.DurationSeconds, e.ContainerExtension, e.Poster, s.FirstSeenAt))
        .AsAsyncEnumerable();

    private static IQueryable<VodItem> FilterGenre(IQueryable<VodItem> query, IReadOnlyCollection<string>? genres)
    {
        if (genres is null)
        {
            return query;
        }

        var ungrouped = genres.Contains("");
        return query.Where(v => (v.Genre != null && genres.Contains(v.Genre)) || (ungrouped && (v.Genre == null || v.Genre == "")));
    }

    private static IQueryable<Series> FilterGenre(IQueryable<Series> query, IReadOnlyCollection<string>? genres)
    {
        if (genres is null)
        {
            return query;
        }

        var ungrouped = genres.Contains("");
        return query.Where(s => (s.Genre != null && genres.Contains(s.Genre)) || (ungrouped && (s.Genre == null || s.Genre == "")));
    }
}
