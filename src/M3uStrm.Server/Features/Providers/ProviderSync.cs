using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Providers;

public sealed record SyncCounts(int Added, int Removed, int Updated);

public sealed record SyncOutcome(string Status, SyncCounts Live, SyncCounts Vod, SyncCounts Series, IReadOnlyList<SyncError> Errors, double DurationSeconds)
{
    public string Summary => Status == "succeeded"
        ? $"live +{Live.Added} -{Live.Removed} ~{Live.Updated}; vod +{Vod.Added} -{Vod.Removed} ~{Vod.Updated}; series +{Series.Added} -{Series.Removed} ~{Series.Updated}; {Errors.Count} problem(s)"
        : $"{Status}: {(Errors.Count > 0 ? Errors[0].Message : "")}";
}

/// <summary>
/// Fetches a provider, diffs every item against the database by its stable key, and writes the exact
/// changes in one transaction. A failed fetch or a suspicious shrink changes nothing but the sync log.
/// </summary>
internal sealed class ProviderSync(
    AppDbContext db,
    ProviderFetcher fetcher,
    ChannelMerge channelMerge,
    BulkWriter bulk,
    Epg.IEpgSourceRegistry epgSources,
    TimeProvider time,
    ILogger<ProviderSync> logger)
{
    private const int Batch = 2000;

    public async Task<SyncOutcome> RunAsync(long providerId, Func<string, Task>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var provider = await db.Set<Provider>().FirstOrDefaultAsync(p => p.Id == providerId, cancellationToken)
            ?? throw new InvalidOperationException($"Provider {providerId} does not exist.");
        var now = time.GetUtcNow().UtcDateTime;
        var freshness = provider.LastSuccessfulSyncAt is { } last ? (now - last).TotalHours : (double?)null;

        var phases = new List<string>();
        var mark = time.GetTimestamp();
        void Phase(string name)
        {
            phases.Add($"{name} {time.GetElapsedTime(mark).TotalSeconds:F2}s/{Environment.WorkingSet / 1_048_576}MB (peak {PeakMegabytes()}MB)");
            mark = time.GetTimestamp();
        }

        ProviderSnapshot snapshot;
        try
        {
            await ReportAsync(progress, "fetching");
            snapshot = await fetcher.FetchAsync(provider, includeDetails: true, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong, the provider's content stays as it was; the attempt is logged.
            var reason = ex is ProviderFetchException ? ex.Message : $"Unexpected error while fetching: {ProviderSecrets.Mask(ex.Message)}";
            logger.LogError("Sync of provider {ProviderId} ({Provider}) failed while fetching: {Reason}", provider.Id, provider.Name, reason);
            return await FinishAsync(provider, "failed", [new SyncError("fetch", reason)], Empty, Empty, Empty, started, freshness, cancellationToken);
        }

        SyncMemory.Release(snapshot.Live.Count + snapshot.Vod.Count + snapshot.Series.Count, returnToSystem: true);
        Phase("fetch");
        await ReportAsync(progress, $"comparing {snapshot.Live.Count} live, {snapshot.Vod.Count} movies, {snapshot.Series.Count} series");
        var errors = new List<SyncError>(snapshot.Errors);
        var live = await DiffAsync(db.Set<ProviderStream>().Where(s => s.ProviderId == provider.Id).Select(s => new Existing(s.Id, s.ExternalId, s.ContentHash, s.RemovedAt)),
            snapshot.HasLive ? snapshot.Live : null, l => l.ExternalId, l => l.Hash, "live stream", errors, cancellationToken);
        var vod = await DiffAsync(db.Set<VodItem>().Where(s => s.ProviderId == provider.Id).Select(s => new Existing(s.Id, s.ExternalId, s.ContentHash, s.RemovedAt)),
            snapshot.HasVod ? snapshot.Vod : null, v => v.ExternalId, v => v.Hash, "movie", errors, cancellationToken);
        var series = await DiffAsync(db.Set<Series>().Where(s => s.ProviderId == provider.Id).Select(s => new Existing(s.Id, s.ExternalId, s.ContentHash, s.RemovedAt)),
            snapshot.HasSeries ? snapshot.Series : null, s => s.ExternalId, s => s.Hash, "series", errors, cancellationToken);

        Phase("diff");
        var rejection = Shrink("live streams", live, provider) ?? Shrink("movies", vod, provider) ?? Shrink("series", series, provider);
        if (rejection is not null)
        {
            logger.LogError("Sync of provider {ProviderId} ({Provider}) rejected: {Reason}", provider.Id, provider.Name, rejection);
            errors.Insert(0, new SyncError("safety", rejection));
            return await FinishAsync(provider, "rejected", errors, Empty, Empty, Empty, started, freshness, cancellationToken);
        }

        // Episodes are fetched before the transaction (network time must not hold database locks).
        var episodes = new Dictionary<string, IReadOnlyList<IncomingEpisode>>();
        if (provider.Kind == ProviderKinds.Xtream && series.Changed.Count > 0)
        {
            await ReportAsync(progress, $"fetching episodes of {series.Changed.Count} series");
            await FetchEpisodesAsync(provider, series.Changed.Select(s => s.ExternalId), episodes, errors, cancellationToken);
        }

        Phase("episodes");
        var (liveCounts, vodCounts, seriesCounts) = (live.Counts, vod.Counts, series.Counts);
        await ReportAsync(progress, "writing changes and merging channels");
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var newStreamIds = await WriteLiveAsync(provider.Id, live, now, cancellationToken);
                // The fetched items are written; let them go before the channel merge allocates its own.
                snapshot.Live.Clear();
                live.Added.Clear();
                live.Updated.Clear();
                SyncMemory.Release(newStreamIds.Count, returnToSystem: true);
                Phase("write live");
                await WriteVodAsync(provider.Id, vod, now, cancellationToken);
                Phase("write vod");
                await WriteSeriesAsync(provider.Id, series, episodes, now, cancellationToken);
                Phase("write series");
                await channelMerge.AssignAsync(provider.Id, newStreamIds, cancellationToken);
                await channelMerge.DeactivateAsync(live.Removed.Select(r => r.Id).ToList(), cancellationToken);
                Phase("merge channels");
                await transaction.CommitAsync(cancellationToken);
                Phase("commit");
            });
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogError(ex, "Sync of provider {ProviderId} ({Provider}) failed while writing; the previous state is kept", provider.Id, provider.Name);
            db.ChangeTracker.Clear();
            provider = await db.Set<Provider>().FirstAsync(p => p.Id == providerId, cancellationToken);
            errors.Insert(0, new SyncError("write", ex.Message));
            return await FinishAsync(provider, "failed", errors, Empty, Empty, Empty, started, freshness, cancellationToken);
        }

        db.ChangeTracker.Clear();
        provider = await db.Set<Provider>().FirstAsync(p => p.Id == providerId, cancellationToken);
        provider.LastSuccessfulSyncAt = now;
        var outcome = await FinishAsync(provider, "succeeded", errors, liveCounts, vodCounts, seriesCounts, started, freshness, cancellationToken);
        try
        {
            await epgSources.EnsureProviderSourcesAsync(provider.Id, snapshot.GuideUrls, cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or Quartz.SchedulerException)
        {
            // The guide is an extra: a problem adding it never fails the sync.
            logger.LogError(ex, "Could not register the EPG sources of provider {ProviderId}", provider.Id);
        }

        logger.LogInformation("Synced provider {ProviderId} ({Provider}): {Summary} in {Seconds:F1}s ({Phases})",
            provider.Id, provider.Name, outcome.Summary, outcome.DurationSeconds, string.Join(", ", phases));
        SyncMemory.Release(liveCounts.Added + vodCounts.Added + seriesCounts.Added + liveCounts.Updated, returnToSystem: true);
        return outcome;
    }

    private static readonly SyncCounts Empty = new(0, 0, 0);

    private static long PeakMegabytes()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1_048_576;
    }

    private static Task ReportAsync(Func<string, Task>? progress, string text) => progress is null ? Task.CompletedTask : progress(text);

    private sealed record Existing(long Id, string ExternalId, string ContentHash, DateTime? RemovedAt);

    private sealed class Diff<T>
    {
        public List<T> Added { get; } = [];

        /// <summary>Items present before but marked removed: they come back (counted as added).</summary>
        public List<(long Id, T Item)> Returned { get; } = [];

        public List<(long Id, T Item)> Updated { get; } = [];

        public List<Existing> Removed { get; } = [];

        public int ActiveBefore { get; set; }

        public bool Fetched { get; set; }

        /// <summary>New, returned or updated items (for series: whose episodes to fetch).</summary>
        public List<T> Changed => [.. Added, .. Returned.Select(r => r.Item), .. Updated.Select(u => u.Item)];

        public SyncCounts Counts => new(Added.Count + Returned.Count, Removed.Count, Updated.Count);
    }

    private static async Task<Diff<T>> DiffAsync<T>(
        IQueryable<Existing> existingQuery, List<T>? incoming, Func<T, string> key, Func<T, string> hash, string what,
        List<SyncError> errors, CancellationToken cancellationToken)
    {
        var diff = new Diff<T>();
        if (incoming is null)
        {
            return diff;
        }

        diff.Fetched = true;
        var existing = await existingQuery.AsNoTracking().ToDictionaryAsync(e => e.ExternalId, StringComparer.Ordinal, cancellationToken);
        diff.ActiveBefore = existing.Values.Count(e => e.RemovedAt is null);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in incoming)
        {
            var id = key(item);
            if (!seen.Add(id))
            {
                errors.Add(new SyncError("diff", $"duplicate {what} id in the provider's list; the first one is kept", id));
                continue;
            }

            if (!existing.TryGetValue(id, out var row))
            {
                diff.Added.Add(item);
            }
            else if (row.RemovedAt is not null)
            {
                diff.Returned.Add((row.Id, item));
            }
            else if (row.ContentHash != hash(item))
            {
                diff.Updated.Add((row.Id, item));
            }
        }

        diff.Removed.AddRange(existing.Values.Where(e => e.RemovedAt is null && !seen.Contains(e.ExternalId)));
        return diff;
    }

    private static string? Shrink<T>(string what, Diff<T> diff, Provider provider) =>
        diff.Fetched && diff.ActiveBefore > 0 && diff.Removed.Count * 100 > provider.MaxRemovalPercent * diff.ActiveBefore
            ? $"The provider's answer would remove {diff.Removed.Count} of {diff.ActiveBefore} {what} (more than {provider.MaxRemovalPercent}%); "
              + "nothing was changed. If this is expected, raise max_removal_percent and sync again."
            : null;

    private async Task FetchEpisodesAsync(Provider provider, IEnumerable<string> seriesIds, Dictionary<string, IReadOnlyList<IncomingEpisode>> into,
        List<SyncError> errors, CancellationToken cancellationToken)
    {
        var gate = Math.Clamp(provider.MaxConnections, 1, 4);
        var results = new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<IncomingEpisode>>();
        var failures = new System.Collections.Concurrent.ConcurrentBag<SyncError>();
        await Parallel.ForEachAsync(seriesIds, new ParallelOptions { MaxDegreeOfParallelism = gate, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            try
            {
                if (await fetcher.FetchEpisodesAsync(provider, id, ct) is { } list)
                {
                    results[id] = list;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or IOException or TaskCanceledException)
            {
                failures.Add(new SyncError("episodes", ProviderSecrets.Mask(ex.Message), id));
            }
        });
        foreach (var (id, list) in results)
        {
            into[id] = list;
        }

        errors.AddRange(failures);
    }

    private async Task<List<long>> WriteLiveAsync(long providerId, Diff<IncomingLive> diff, DateTime now, CancellationToken cancellationToken)
    {
        var reserved = await bulk.ReserveIdsAsync<ProviderStream>(diff.Added.Count, cancellationToken);
        // Rows are built as they are written, so 100k entities never sit in memory at once.
        var added = diff.Added.Select((item, i) => Apply(new ProviderStream { Id = reserved[i], ProviderId = providerId, ExternalId = item.ExternalId, FirstSeenAt = now }, item, now));
        await bulk.InsertAsync(added, withKeys: true, cancellationToken);
        var newIds = new List<long>(reserved);
        var changed = await UpdateChangedAsync<ProviderStream, IncomingLive>(diff, (row, item) => Apply(row, item, now), cancellationToken);
        newIds.AddRange(changed.Where(c => c.Returned).Select(c => c.Row.Id));
        await MarkRemovedAsync<ProviderStream>(diff.Removed, now, cancellationToken);
        return newIds;
    }

    private static ProviderStream Apply(ProviderStream row, IncomingLive item, DateTime now)
    {
        row.Name = item.Name;
        row.GroupTitle = item.Group;
        row.TvgId = item.TvgId;
        row.TvgName = item.TvgName;
        row.Logo = item.Logo;
        row.Number = item.Number;
        row.Url = item.Url;
        row.Extension = item.Extension;
        row.Attributes = item.Attributes;
        row.ContentHash = item.Hash;
        row.UpdatedAt = now;
        var quality = StreamQualityDetector.Detect(item.Name, item.Url ?? "");
        row.Quality = quality.Resolution;
        row.QualityScore = quality.Score;
        return row;
    }

    private async Task WriteVodAsync(long providerId, Diff<IncomingVod> diff, DateTime now, CancellationToken cancellationToken)
    {
        await bulk.InsertAsync(diff.Added.Select(item => Apply(new VodItem { ProviderId = providerId, ExternalId = item.ExternalId, FirstSeenAt = now }, item, now)),
            withKeys: false, cancellationToken);
        await UpdateChangedAsync<VodItem, IncomingVod>(diff, (row, item) => Apply(row, item, now), cancellationToken);
        await MarkRemovedAsync<VodItem>(diff.Removed, now, cancellationToken);
    }

    private static VodItem Apply(VodItem row, IncomingVod item, DateTime now)
    {
        row.Title = item.Title;
        row.Year = item.Year;
        row.Genre = item.Genre;
        row.Plot = item.Plot;
        row.Poster = item.Poster;
        row.Rating = item.Rating;
        row.DurationSeconds = item.DurationSeconds;
        row.ContainerExtension = item.ContainerExtension;
        row.Url = item.Url;
        row.TmdbId = item.TmdbId;
        row.ContentHash = item.Hash;
        row.UpdatedAt = now;
        return row;
    }

    private async Task WriteSeriesAsync(long providerId, Diff<IncomingSeries> diff, Dictionary<string, IReadOnlyList<IncomingEpisode>> episodes, DateTime now, CancellationToken cancellationToken)
    {
        var reserved = await bulk.ReserveIdsAsync<Series>(diff.Added.Count, cancellationToken);
        var added = diff.Added.Select((item, i) => Apply(new Series { Id = reserved[i], ProviderId = providerId, ExternalId = item.ExternalId, FirstSeenAt = now }, item, now)).ToList();
        await bulk.InsertAsync(added, withKeys: true, cancellationToken);
        var changed = await UpdateChangedAsync<Series, IncomingSeries>(diff, (row, item) => Apply(row, item, now), cancellationToken);
        var touched = added.Concat(changed.Select(c => c.Row));
        await WriteEpisodesAsync(touched.Where(s => episodes.ContainsKey(s.ExternalId)).Select(s => (s.Id, episodes[s.ExternalId])).ToList(), cancellationToken);
        await MarkRemovedAsync<Series>(diff.Removed, now, cancellationToken);
    }

    /// <summary>Applies the provider's new data to rows that changed or came back; says which came back.</summary>
    private async Task<List<(TRow Row, bool Returned)>> UpdateChangedAsync<TRow, TItem>(Diff<TItem> diff, Action<TRow, TItem> apply, CancellationToken cancellationToken)
        where TRow : class, ISyncedRow
    {
        var result = new List<(TRow, bool)>();
        foreach (var chunk in diff.Returned.Concat(diff.Updated).Chunk(Batch))
        {
            var ids = chunk.Select(c => c.Id).ToList();
            var rows = await db.Set<TRow>().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
            foreach (var (id, item) in chunk)
            {
                var row = rows[id];
                result.Add((row, row.RemovedAt is not null));
                row.RemovedAt = null;
                apply(row, item);
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return result;
    }

    /// <summary>Items gone from the provider are marked, never deleted, so history keeps its references.</summary>
    private async Task MarkRemovedAsync<TRow>(IReadOnlyList<Existing> removed, DateTime now, CancellationToken cancellationToken) where TRow : class, ISyncedRow
    {
        foreach (var chunk in removed.Chunk(Batch))
        {
            var ids = chunk.Select(r => r.Id).ToList();
            await db.Set<TRow>().Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.RemovedAt, now), cancellationToken);
        }
    }

    /// <summary>Episodes of new or changed series: existing ones updated in place, new ones bulk-inserted, missing ones marked removed.</summary>
    private async Task WriteEpisodesAsync(IReadOnlyList<(long SeriesId, IReadOnlyList<IncomingEpisode> Episodes)> work, CancellationToken cancellationToken)
    {
        var removedAt = time.GetUtcNow().UtcDateTime;
        var inserts = new List<Episode>();
        foreach (var chunk in work.Chunk(500))
        {
            var seriesIds = chunk.Select(w => w.SeriesId).ToList();
            var existing = (await db.Set<Episode>().Where(e => seriesIds.Contains(e.SeriesId)).ToListAsync(cancellationToken))
                .ToLookup(e => e.SeriesId);
            foreach (var (seriesId, incoming) in chunk)
            {
                var known = existing[seriesId].ToDictionary(e => e.ExternalId, StringComparer.Ordinal);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in incoming.Where(e => seen.Add(e.ExternalId)))
                {
                    if (!known.TryGetValue(item.ExternalId, out var row))
                    {
                        row = new Episode { SeriesId = seriesId, ExternalId = item.ExternalId };
                        inserts.Add(row);
                    }

                    row.Season = item.Season;
                    row.Number = item.Number;
                    row.Title = item.Title;
                    row.Plot = item.Plot;
                    row.DurationSeconds = item.DurationSeconds;
                    row.ContainerExtension = item.ContainerExtension;
                    row.Poster = item.Poster;
                    row.RemovedAt = null;
                }

                foreach (var gone in known.Values.Where(e => !seen.Contains(e.ExternalId) && e.RemovedAt is null))
                {
                    gone.RemovedAt = removedAt;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        await bulk.InsertAsync(inserts, withKeys: false, cancellationToken);
    }

    private static Series Apply(Series row, IncomingSeries item, DateTime now)
    {
        row.Title = item.Title;
        row.Year = item.Year;
        row.Genre = item.Genre;
        row.Plot = item.Plot;
        row.Poster = item.Poster;
        row.Rating = item.Rating;
        row.SourceModified = item.SourceModified;
        row.ContentHash = item.Hash;
        row.UpdatedAt = now;
        return row;
    }

    private async Task<SyncOutcome> FinishAsync(Provider provider, string status, List<SyncError> errors,
        SyncCounts live, SyncCounts vod, SyncCounts series, long started, double? freshness, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var duration = time.GetElapsedTime(started).TotalSeconds;
        provider.LastSyncAt = now;
        provider.LastSyncStatus = status;
        var outcome = new SyncOutcome(status, live, vod, series, errors, duration);
        provider.LastSyncMessage = outcome.Summary.Length > 2000 ? outcome.Summary[..2000] : outcome.Summary;
        db.Add(new ProviderPerformanceLog
        {
            ProviderId = provider.Id,
            SyncTimestamp = now,
            CreatedAt = now,
            SyncDurationSeconds = Math.Round(duration, 3),
            ChannelsAdded = live.Added,
            ChannelsRemoved = live.Removed,
            ChannelsUpdated = live.Updated,
            VodAdded = vod.Added,
            VodRemoved = vod.Removed,
            VodUpdated = vod.Updated,
            SeriesAdded = series.Added,
            SeriesRemoved = series.Removed,
            SeriesUpdated = series.Updated,
            ErrorsCount = errors.Count,
            ErrorDetails = JsonSerializer.Serialize(errors.Take(500).Select(e => new { phase = e.Phase, message = e.Message, item = e.Item })),
            DataFreshnessHours = freshness is { } f ? Math.Round(f, 3) : null,
            Status = status,
        });
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }
}
