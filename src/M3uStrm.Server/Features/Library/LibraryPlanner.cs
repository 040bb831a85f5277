using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Library;

/// <summary>
/// One file the library should contain: its folder and path relative to the root, and what it is made from (a STRM
/// URL or an NFO's fields). The bytes are rendered only when needed, on first use, in parallel; a build whose state
/// row has the same <see cref="Source"/> fingerprint never renders them.
/// </summary>
internal sealed class PlannedFile(string folder, string path, string kind, string? url, NfoInfo? nfo)
{
    private byte[]? content;
    private long? source;

    public string Folder { get; } = folder;

    public string Path { get; } = path;

    public string Kind { get; } = kind;

    public long Source => source ??= nfo is null ? LibraryFingerprint.Of(Kind, url!) : LibraryFingerprint.Of(Kind, nfo);

    public byte[] Content => content ??= Kind switch
    {
        LibraryFileKinds.MovieNfo => LibraryNfo.Movie(nfo!),
        LibraryFileKinds.Show => LibraryNfo.Show(nfo!),
        LibraryFileKinds.EpisodeNfo => LibraryNfo.Episode(nfo!),
        _ => Encoding.UTF8.GetBytes(url + "\n"),
    };
}

/// <param name="Timings">Where planning spent its time, for the build's log line.</param>
internal sealed record LibraryPlan(Dictionary<string, PlannedFile> Files, int Movies, int Series, int Episodes, List<string> Problems, string Timings);

/// <summary>
/// Works out the whole tree from the catalogue: which items (one per title+year across providers, from the
/// highest-priority provider), under which sanitised names, with which STRM and NFO content.
/// </summary>
internal sealed partial class LibraryPlanner(AppDbContext db, TimeProvider time)
{
    public const string MoviesFolder = "Movies";
    public const string ShowsFolder = "TV Shows";

    private sealed record MovieRow(long Id, long ProviderId, string Title, int? Year, string? Genre, string? Plot, string? Poster,
        double? Rating, int? DurationSeconds, string? ContainerExtension, string? TmdbId);

    private sealed record SeriesRow(long Id, long ProviderId, string Title, int? Year, string? Genre, string? Plot, string? Poster, double? Rating);

    private sealed record EpisodeRow(long Id, long SeriesId, int Season, int Number, string? Title, string? Plot, int? DurationSeconds,
        string? ContainerExtension, string? Poster);

    public async Task<LibraryPlan> PlanAsync(LibraryOptions options, string baseUrl, string token, string root, CancellationToken cancellationToken)
    {
        var clock = time.GetTimestamp();
        var timings = new List<string>();
        void Step(string name)
        {
            timings.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {time.GetElapsedTime(clock).TotalSeconds:F2}s"));
            clock = time.GetTimestamp();
        }

        var priorities = await db.Set<Provider>().AsNoTracking().Where(p => p.Enabled)
            .ToDictionaryAsync(p => p.Id, p => p.Priority, cancellationToken);
        var enabled = priorities.Keys.ToList();
        var problems = new List<string>();
        var files = new Dictionary<string, PlannedFile>(StringComparer.Ordinal);
        var takenFolders = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var genres = new Dictionary<string, string>(options.Genres, StringComparer.OrdinalIgnoreCase);

        string Genre(string? category) =>
            string.IsNullOrWhiteSpace(category) ? options.FallbackGenre
            : genres.TryGetValue(category.Trim(), out var mapped) ? (string.IsNullOrWhiteSpace(mapped) ? options.FallbackGenre : mapped.Trim())
            : category.Trim();

        var genreFolders = new Dictionary<(string, string), string>();
        string Folder(string top, string genre, string name, string suffix)
        {
            var parent = top;
            if (options.GenreFolders && !genreFolders.TryGetValue((top, genre), out parent))
            {
                parent = $"{top}/{LibraryNames.Component(genre, options.FallbackGenre)}";
                genreFolders[(top, genre)] = parent;
            }

            var folder = $"{parent}/{name}";
            if (!takenFolders.Add(folder))
            {
                // Two different titles that sanitise to the same name (or differ only in case): keep both apart.
                folder = $"{parent}/{LibraryNames.Truncate(name, LibraryNames.MaxComponentBytes - 16)} [{suffix}]";
                takenFolders.Add(folder);
            }

            return folder;
        }

        // The full check of every path (Path.GetFullPath) once per folder; a file name is one plain component.
        var foldersInside = new Dictionary<string, bool>(StringComparer.Ordinal);
        void Add(string folder, string name, string kind, string? url, NfoInfo? nfo)
        {
            var path = $"{folder}/{name}";
            if (!foldersInside.TryGetValue(folder, out var inside))
            {
                inside = LibraryNames.Inside(root, folder) is not null;
                foldersInside[folder] = inside;
            }

            if (!inside || name is "" or "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
            {
                problems.Add($"skipped '{path}': it would land outside the library root");
                return;
            }

            files[path] = new PlannedFile(folder, path, kind, url, nfo);
        }

        // Movies: one per normalised title + year, from the provider with the highest priority.
        var movieRows = await db.Set<VodItem>().AsNoTracking()
            .Where(v => v.RemovedAt == null && enabled.Contains(v.ProviderId))
            .Select(v => new MovieRow(v.Id, v.ProviderId, v.Title, v.Year, v.Genre, v.Plot, v.Poster, v.Rating, v.DurationSeconds, v.ContainerExtension, v.TmdbId))
            .ToListAsync(cancellationToken);
        Step("movie rows");
        var movies = movieRows
            .OrderByDescending(m => priorities[m.ProviderId]).ThenBy(m => m.ProviderId).ThenBy(m => m.Id)
            .DistinctBy(m => Key(m.Title, m.Year, m.Id))
            .OrderBy(m => m.Id)
            .ToList();
        foreach (var movie in movies)
        {
            var genre = Genre(movie.Genre);
            var name = LibraryNames.WithYear(movie.Title, movie.Year, $"Movie {movie.Id}");
            var folder = Folder(MoviesFolder, genre, name, string.Create(CultureInfo.InvariantCulture, $"m{movie.Id}"));
            var file = folder[(folder.LastIndexOf('/') + 1)..];
            var url = PlaybackUrls.Token(baseUrl, token, PlaybackKind.Movie, movie.Id, movie.ContainerExtension ?? "");
            Add(folder, file + ".strm", LibraryFileKinds.Movie, url, null);
            Add(folder, file + ".nfo", LibraryFileKinds.MovieNfo, null, new NfoInfo(movie.Title, movie.Year, movie.Plot, genre, movie.Rating,
                Minutes(movie.DurationSeconds), movie.Poster, TmdbId: movie.TmdbId));
        }

        Step("movie files");

        // Series: the same rule; their episodes come from the chosen series only.
        var seriesRows = await db.Set<Series>().AsNoTracking()
            .Where(s => s.RemovedAt == null && enabled.Contains(s.ProviderId))
            .Select(s => new SeriesRow(s.Id, s.ProviderId, s.Title, s.Year, s.Genre, s.Plot, s.Poster, s.Rating))
            .ToListAsync(cancellationToken);
        var chosen = seriesRows
            .OrderByDescending(s => priorities[s.ProviderId]).ThenBy(s => s.ProviderId).ThenBy(s => s.Id)
            .DistinctBy(s => Key(s.Title, s.Year, s.Id))
            .ToDictionary(s => s.Id);
        var episodesBySeries = (await db.Set<Episode>().AsNoTracking()
                .Where(e => e.RemovedAt == null)
                .Select(e => new EpisodeRow(e.Id, e.SeriesId, e.Season, e.Number, e.Title, e.Plot, e.DurationSeconds, e.ContainerExtension, e.Poster))
                .ToListAsync(cancellationToken))
            .Where(e => chosen.ContainsKey(e.SeriesId))
            .ToLookup(e => e.SeriesId);
        Step("series and episode rows");
        var episodeCount = 0;
        foreach (var series in chosen.Values.OrderBy(s => s.Id))
        {
            var genre = Genre(series.Genre);
            var name = LibraryNames.WithYear(series.Title, series.Year, $"Series {series.Id}");
            var folder = Folder(ShowsFolder, genre, name, string.Create(CultureInfo.InvariantCulture, $"s{series.Id}"));
            Add(folder, "tvshow.nfo", LibraryFileKinds.Show, null, new NfoInfo(series.Title, series.Year, series.Plot, genre, series.Rating,
                Poster: series.Poster));
            var showName = LibraryNames.Component(series.Title, $"Series {series.Id}", 80);
            var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var (lastSeason, seasonFolder) = (-1, "");
            var episodes = episodesBySeries[series.Id].OrderBy(e => e.Season).ThenBy(e => e.Number).ThenBy(e => e.Id)
                .DistinctBy(e => (e.Season, e.Number));
            foreach (var episode in episodes)
            {
                var season = Math.Max(0, episode.Season);
                var code = string.Create(CultureInfo.InvariantCulture, $"S{season:00}E{Math.Max(0, episode.Number):00}");
                var stem = $"{showName} - {code}";
                var title = EpisodeTitle(episode.Title, season, episode.Number);
                if (title is not null)
                {
                    var rest = LibraryNames.Component(title, "", LibraryNames.MaxComponentBytes - Encoding.UTF8.GetByteCount(stem) - 8);
                    stem = rest.Length > 0 ? $"{stem} - {rest}" : stem;
                }

                if (season != lastSeason)
                {
                    (lastSeason, seasonFolder) = (season, string.Create(CultureInfo.InvariantCulture, $"{folder}/Season {season:00}"));
                }

                if (!taken.Add(stem))
                {
                    stem = string.Create(CultureInfo.InvariantCulture, $"{showName} - {code} [e{episode.Id}]");
                }

                var url = PlaybackUrls.Token(baseUrl, token, PlaybackKind.Episode, episode.Id, episode.ContainerExtension ?? "");
                Add(seasonFolder, stem + ".strm", LibraryFileKinds.Episode, url, null);
                Add(seasonFolder, stem + ".nfo", LibraryFileKinds.EpisodeNfo, null, new NfoInfo(
                    title ?? code, Plot: episode.Plot, RuntimeMinutes: Minutes(episode.DurationSeconds), Poster: episode.Poster,
                    ShowTitle: series.Title, Season: season, Episode: episode.Number));
                episodeCount++;
            }
        }

        Step("series files");
        return new LibraryPlan(files, movies.Count, chosen.Count, episodeCount, problems, string.Join(", ", timings));
    }

    private static string Key(string title, int? year, long id) =>
        LibraryNames.MatchKey(title, year) is { Length: > 0 } key ? key : string.Create(CultureInfo.InvariantCulture, $"#{id}");

    private static int? Minutes(int? seconds) => seconds is > 0 ? (int)Math.Round(seconds.Value / 60.0) : null;

    /// <summary>
    /// The episode's own title: providers often repeat the show and the code (<c>Show - S01E01 - Title</c>), which
    /// would double up in the file name; that prefix goes. Nothing left means no title.
    /// </summary>
    internal static string? EpisodeTitle(string? raw, int season, int number)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var match = EpisodeCode().Match(raw);
        var title = raw;
        if (match.Success
            && int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) == season
            && int.Parse(match.Groups["e"].Value, CultureInfo.InvariantCulture) == number)
        {
            title = raw[(match.Index + match.Length)..];
        }

        title = title.Trim().TrimStart('-', '–', ':', ' ').Trim();
        return title.Length == 0 ? null : title;
    }

    [GeneratedRegex(@"\bS(?<s>\d{1,4})\s*E(?<e>\d{1,5})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EpisodeCode();
}
