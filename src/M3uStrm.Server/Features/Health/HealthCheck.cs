using System.Collections.Concurrent;
using M3uStrm.Formats.Xtream;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Health;

/// <summary>Which streams a health check covers: all, one provider's, one channel's or one stream.</summary>
public sealed record HealthScope(long? ProviderId, long? ChannelId, long? StreamId);

/// <summary>
/// Probes every non-removed live stream in scope with bounded concurrency (overall and per provider's
/// max_connections), records a stream_checks row each, updates the stream status and reliability (StreamReliability)
/// and re-orders the channels whose streams changed failover rank (FailoverOrder).
/// </summary>
internal sealed class HealthCheck(
    AppDbContext db, StreamProbe probe, FfprobeRunner ffmpeg, ProviderFetcher fetcher, ChannelMerge merge, StreamReliability reliability, TimeProvider time, IConfiguration configuration, ILogger<HealthCheck> logger)
{
    private const int Batch = 500;

    private sealed record Target(long Id, long ProviderId, string Url, bool CheckContent);

    public async Task<string> RunAsync(HealthScope scope, Func<string, Task> progress, CancellationToken cancellationToken)
    {
        var maxConcurrency = Math.Max(1, configuration.GetValue("Health:MaxConcurrency", 8));
        var failuresToDead = Math.Max(1, configuration.GetValue("Health:FailuresToDead", 2));

        var query = db.Set<ProviderStream>().AsNoTracking().Where(s => s.RemovedAt == null);
        if (scope.ProviderId is { } providerId)
        {
            query = query.Where(s => s.ProviderId == providerId);
        }

        if (scope.StreamId is { } onlyStreamId)
        {
            query = query.Where(s => s.Id == onlyStreamId);
        }

        if (scope.ChannelId is { } channelId)
        {
            query = query.Where(s => db.Set<ChannelStream>().Any(cs => cs.ChannelId == channelId && cs.ProviderStreamId == s.Id));
        }

        var rows = await query.Select(s => new { s.Id, s.ProviderId, s.Url, s.ExternalId, s.Extension }).ToListAsync(cancellationToken);
        var providerIds = rows.Select(r => r.ProviderId).Distinct().ToList();
        var providers = await db.Set<Provider>().AsNoTracking().Where(p => providerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var credentials = providers.Values.Where(p => p.Kind == ProviderKinds.Xtream).ToDictionary(p => p.Id, fetcher.Credentials);

        var targets = new List<Target>(rows.Count);
        foreach (var r in rows)
        {
            var url = r.Url;
            if (credentials.TryGetValue(r.ProviderId, out var account) && long.TryParse(r.ExternalId, out var xtreamId))
            {
                url = XtreamUrls.Live(account, xtreamId, string.IsNullOrEmpty(r.Extension) ? "ts" : r.Extension);
            }

            if (!string.IsNullOrEmpty(url))
            {
                targets.Add(new Target(r.Id, r.ProviderId, url, CheckContent(providers[r.ProviderId])));
            }
        }

        // Round-robin over providers so one provider with few connections does not hold every worker.
        var ordered = targets.GroupBy(t => t.ProviderId)
            .SelectMany(g => g.Select((t, i) => (t, i)))
            .OrderBy(x => x.i).ThenBy(x => x.t.ProviderId).Select(x => x.t).ToList();
        var perProvider = providers.Values.ToDictionary(p => p.Id, p => new SemaphoreSlim(Math.Max(1, p.MaxConnections)));
        var results = new ConcurrentBag<(long StreamId, DateTime CheckedAt, ProbeResult Result, IReadOnlyList<string> Problems)>();
        await progress($"checking {ordered.Count} streams");
        try
        {
            await Parallel.ForEachAsync(ordered, new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken }, async (target, ct) =>
            {
                var gate = perProvider[target.ProviderId];
                await gate.WaitAsync(ct);
                try
                {
                    var result = await probe.ProbeAsync(target.Url, ct);
                    IReadOnlyList<string> problems = [];
                    if (result.Ok && target.CheckContent)
                    {
                        try
                        {
                            problems = await ffmpeg.ContentProblemsAsync(target.Url, ct);
                        }
                        catch (Exception ex) when (ex is FfprobeException or System.ComponentModel.Win32Exception)
                        {
                            // The stream answered; an undecodable sample is logged but does not count as a failure.
                            logger.LogWarning("Content check of stream {StreamId} failed: {Reason}", target.Id, ex.Message);
                        }
                    }

                    results.Add((target.Id, time.GetUtcNow().UtcDateTime, result, problems));
                }
                finally
                {
                    gate.Release();
                }
            });
        }
        finally
        {
            foreach (var gate in perProvider.Values)
            {
                gate.Dispose();
            }
        }

        await progress($"saving {results.Count} checks");
        var statusChanged = 0;
        var rankChanged = new List<long>();
        foreach (var chunk in results.Chunk(Batch))
        {
            // The checks go in first so the reliability window below includes them; the streams are only read here
            // and written once, with status and reliability together (one UPDATE per stream, as before).
            foreach (var (streamId, checkedAt, result, problems) in chunk)
            {
                db.Add(new StreamCheck { StreamId = streamId, CheckedAt = checkedAt, Ok = result.Ok, LatencyMs = result.LatencyMs, HttpStatus = result.HttpStatus, Reason = Reason(result, problems) });
            }

            await db.SaveChangesAsync(cancellationToken);
            var ids = chunk.Select(c => c.StreamId).ToList();
            var streams = await db.Set<ProviderStream>().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
            var before = streams.Values.ToDictionary(s => s.Id, s => (s.Status, Rank: FailoverOrder.HealthRank(s)));
            await reliability.RefreshAsync(streams.Values, cancellationToken);
            foreach (var (streamId, checkedAt, result, problems) in chunk)
            {
                if (!streams.TryGetValue(streamId, out var stream))
                {
                    continue;
                }

                stream.LastCheckedAt = checkedAt;
                if (result.Ok)
                {
                    stream.ConsecutiveFailures = 0;
                    stream.Status = problems.Count > 0 ? StreamStatus.Degraded : StreamStatus.Alive;
                    if (problems.Count > 0)
                    {
                        logger.LogInformation("Stream {StreamId} is degraded: {Reason}", streamId, Reason(result, problems));
                    }
                }
                else
                {
                    stream.ConsecutiveFailures++;
                    logger.LogInformation("Stream {StreamId} failed its health check: {Reason}", streamId, result.Reason);
                    if (stream.ConsecutiveFailures >= failuresToDead)
                    {
                        stream.Status = StreamStatus.Dead;
                    }
                }
            }

            foreach (var stream in streams.Values)
            {
                var (status, rank) = before[stream.Id];
                statusChanged += status != stream.Status ? 1 : 0;
                if (rank != FailoverOrder.HealthRank(stream))
                {
                    rankChanged.Add(stream.Id);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var channels = new HashSet<long>();
        foreach (var chunk in rankChanged.Chunk(Batch))
        {
            channels.UnionWith(await db.Set<ChannelStream>().Where(cs => chunk.Contains(cs.ProviderStreamId)).Select(cs => cs.ChannelId).ToListAsync(cancellationToken));
        }

        await merge.ReorderAsync(channels, cancellationToken);
        var ok = results.Count(r => r.Result.Ok);
        var degraded = results.Count(r => r.Result.Ok && r.Problems.Count > 0);
        return $"checked {results.Count} streams: {ok} ok, {results.Count - ok} failed, {degraded} degraded; {statusChanged} changed status, {rankChanged.Count} changed failover rank, {channels.Count} channels re-ordered";
    }

    private static string? Reason(ProbeResult result, IReadOnlyList<string> problems) => problems.Count > 0 ? string.Join(", ", problems) : result.Reason;

    /// <summary>ffprobe_mode health_check or both: the content of answering streams is decoded and checked.</summary>
    private static bool CheckContent(Provider provider) => FfprobeModes.ChecksContent(provider.FfprobeMode);
}
