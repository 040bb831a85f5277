using M3uStrm.Formats.Xtream;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Playback;

/// <summary>One upstream the playback endpoint may open: never shown to players.</summary>
public sealed record Candidate(long? StreamId, long ProviderId, int MaxConnections, string Url, string? UserAgent, string Status);

/// <summary>What is being played, with the upstreams to try in order.</summary>
public sealed record PlaybackTarget(PlaybackKind Kind, long Id, string Title, IReadOnlyList<Candidate> Candidates, DateTime? ProgrammeEndsAt, int? DurationSeconds);

/// <summary>
/// Resolves a channel, movie or episode to its upstream URLs. A channel's streams come in its failover order
/// (channel_streams.order, which the health check and merge keep sorted by status, reliability, quality and
/// provider priority); dead streams go last but are still tried, because a stale verdict is better than no picture.
/// </summary>
internal sealed class StreamCandidates(AppDbContext db, ProviderFetcher fetcher, TimeProvider time)
{
    public async Task<PlaybackTarget?> ForAsync(PlaybackKind kind, long id, string extension, CancellationToken cancellationToken) => kind switch
    {
        PlaybackKind.Live => await LiveAsync(id, extension, cancellationToken),
        PlaybackKind.Movie => await MovieAsync(id, cancellationToken),
        _ => await EpisodeAsync(id, cancellationToken),
    };

    private async Task<PlaybackTarget?> LiveAsync(long channelId, string extension, CancellationToken cancellationToken)
    {
        var channel = await db.Set<Channel>().AsNoTracking().Where(c => c.Id == channelId && c.Enabled)
            .Select(c => new { c.Id, c.Name }).FirstOrDefaultAsync(cancellationToken);
        if (channel is null)
        {
            return null;
        }

        var rows = await (
            from cs in db.Set<ChannelStream>()
            join s in db.Set<ProviderStream>() on cs.ProviderStreamId equals s.Id
            join p in db.Set<Provider>() on s.ProviderId equals p.Id
            where cs.ChannelId == channelId && cs.IsActive && s.RemovedAt == null && p.Enabled
            orderby cs.Order, cs.Id
            select new { Stream = s, Provider = p }).AsNoTracking().ToListAsync(cancellationToken);

        var ext = extension == "m3u8" ? "m3u8" : "ts";
        var candidates = new List<Candidate>(rows.Count);
        foreach (var row in rows.OrderBy(r => r.Stream.Status == StreamStatus.Dead ? 1 : 0))
        {
            var url = row.Provider.Kind == ProviderKinds.Xtream && long.TryParse(row.Stream.ExternalId, out var xtreamId)
                ? XtreamUrls.Live(fetcher.Credentials(row.Provider), xtreamId, ext)
                : row.Stream.Url;
            if (!string.IsNullOrEmpty(url))
            {
                candidates.Add(new Candidate(row.Stream.Id, row.Provider.Id, row.Provider.MaxConnections, url, row.Provider.UserAgent, row.Stream.Status));
            }
        }

        return new PlaybackTarget(PlaybackKind.Live, channel.Id, channel.Name, candidates, await ProgrammeEndsAtAsync(channelId, cancellationToken), null);
    }

    private async Task<PlaybackTarget?> MovieAsync(long id, CancellationToken cancellationToken)
    {
        var row = await (
            from v in db.Set<VodItem>()
            join p in db.Set<Provider>() on v.ProviderId equals p.Id
            where v.Id == id && v.RemovedAt == null && p.Enabled
            select new { Item = v, Provider = p }).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var ext = string.IsNullOrEmpty(row.Item.ContainerExtension) ? "mp4" : row.Item.ContainerExtension;
        var url = row.Provider.Kind == ProviderKinds.Xtream && long.TryParse(row.Item.ExternalId, out var xtreamId)
            ? XtreamUrls.Movie(fetcher.Credentials(row.Provider), xtreamId, ext)
            : row.Item.Url;
        IReadOnlyList<Candidate> candidates = string.IsNullOrEmpty(url) ? [] : [new Candidate(null, row.Provider.Id, row.Provider.MaxConnections, url, row.Provider.UserAgent, StreamStatus.Unknown)];
        return new PlaybackTarget(PlaybackKind.Movie, id, row.Item.Title, candidates, null, row.Item.DurationSeconds);
    }

    private async Task<PlaybackTarget?> EpisodeAsync(long id, CancellationToken cancellationToken)
    {
        var row = await (
            from e in db.Set<Episode>()
            join s in db.Set<Series>() on e.SeriesId equals s.Id
            join p in db.Set<Provider>() on s.ProviderId equals p.Id
            where e.Id == id && e.RemovedAt == null && s.RemovedAt == null && p.Enabled
            select new { Episode = e, Series = s, Provider = p }).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var ext = string.IsNullOrEmpty(row.Episode.ContainerExtension) ? "mp4" : row.Episode.ContainerExtension;
        var url = row.Provider.Kind == ProviderKinds.Xtream && long.TryParse(row.Episode.ExternalId, out var xtreamId)
            ? XtreamUrls.Series(fetcher.Credentials(row.Provider), xtreamId, ext)
            : null;
        IReadOnlyList<Candidate> candidates = string.IsNullOrEmpty(url) ? [] : [new Candidate(null, row.Provider.Id, row.Provider.MaxConnections, url, row.Provider.UserAgent, StreamStatus.Unknown)];
        var title = $"{row.Series.Title} S{row.Episode.Season:00}E{row.Episode.Number:00}";
        return new PlaybackTarget(PlaybackKind.Episode, id, title, candidates, null, row.Episode.DurationSeconds);
    }

    /// <summary>The end of the programme on air now on the channel (its guide mapping and shift), if the guide knows it.</summary>
    private async Task<DateTime?> ProgrammeEndsAtAsync(long channelId, CancellationToken cancellationToken)
    {
        var mapping = await db.Set<ChannelEpgMapping>().AsNoTracking().FirstOrDefaultAsync(m => m.ChannelId == channelId, cancellationToken);
        if (mapping is null)
        {
            return null;
        }

        var shift = TimeSpan.FromMinutes(mapping.ShiftMinutes);
        var now = time.GetUtcNow().UtcDateTime - shift;
        var stop = await db.Set<Programme>().AsNoTracking()
            .Where(p => p.EpgChannelId == mapping.EpgChannelId && p.Start <= now && p.Stop > now)
            .OrderByDescending(p => p.Start).Select(p => p.Stop).FirstOrDefaultAsync(cancellationToken);
        return stop is { } end ? end + shift : null;
    }
}
