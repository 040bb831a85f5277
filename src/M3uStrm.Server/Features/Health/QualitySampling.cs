using System.Collections.Concurrent;
using M3uStrm.Formats.Xtream;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Health;

public static class QualityMethods
{
    public const string Name = "name";
    public const string Url = "url";
    public const string Ffprobe = "ffprobe";
}

/// <summary>
/// Samples the quality of every active stream, oldest sample first, with bounded concurrency and a time box
/// (design.md §6: every stream, not the first 100; every failure logged with its stream and reason).
/// Each sample also sets the stream's quality tag and score, where ffprobe's measurement wins over a guess from
/// the name or URL, and the channels whose streams changed score are re-ordered.
/// </summary>
internal sealed class QualitySampling(
    AppDbContext db, FfprobeRunner ffprobe, ProviderFetcher fetcher, ChannelMerge merge, TimeProvider time, IConfiguration configuration, ILogger<QualitySampling> logger)
{
    private const int Batch = 500;

    private static readonly string[] Tiers =
        [StreamQualityDetector.Res8K, StreamQualityDetector.Res4K, StreamQualityDetector.ResQhd, StreamQualityDetector.ResFhd, StreamQualityDetector.ResHd, StreamQualityDetector.ResSd];

    /// <summary>A quality_logs row and the detector's verdict behind it (tag and score).</summary>
    private sealed record Sample(QualityLog Log, StreamQuality Quality);

    public async Task<(int Sampled, int Failed, int Skipped, int Rescored)> RunAsync(Func<string, Task> progress, CancellationToken cancellationToken)
    {
        // ffprobe only for providers whose ffprobe_mode is sampling or both; the others use the name (or the configured url) method.
        var fallback = configuration["Health:QualityMethod"] == QualityMethods.Url ? QualityMethods.Url : QualityMethods.Name;
        var concurrency = Math.Max(1, configuration.GetValue("Health:QualityConcurrency", 4));
        var timeBox = TimeSpan.FromMinutes(configuration.GetValue("Health:QualityTimeBoxMinutes", 50.0));
        var started = time.GetTimestamp();

        var streams = await (
            from s in db.Set<ProviderStream>().AsNoTracking()
            join p in db.Set<Provider>() on s.ProviderId equals p.Id
            where s.RemovedAt == null && p.Enabled
            let last = db.Set<QualityLog>().Where(q => q.StreamId == s.Id).Max(q => (DateTime?)q.SampledAt)
            orderby last.HasValue ? 1 : 0, last, s.Id
            select new { s.Id, s.ProviderId, s.Name, s.Url, s.ExternalId, s.Extension, Method = p.FfprobeMode == FfprobeModes.Sampling || p.FfprobeMode == FfprobeModes.Both ? QualityMethods.Ffprobe : fallback })
            .ToListAsync(cancellationToken);

        Dictionary<long, XtreamCredentials> credentials = [];
        var providerIds = streams.Where(s => s.Method == QualityMethods.Ffprobe).Select(s => s.ProviderId).Distinct().ToList();
        if (providerIds.Count > 0)
        {
            credentials = (await db.Set<Provider>().AsNoTracking().Where(p => providerIds.Contains(p.Id) && p.Kind == ProviderKinds.Xtream).ToListAsync(cancellationToken))
                .ToDictionary(p => p.Id, fetcher.Credentials);
        }

        var ffprobeCount = streams.Count(s => s.Method == QualityMethods.Ffprobe);
        await progress($"sampling {streams.Count} streams ({ffprobeCount} with ffprobe, {streams.Count - ffprobeCount} with {fallback})");
        var samples = new ConcurrentQueue<Sample>();
        var failed = 0;
        var skipped = 0;
        using var box = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        box.CancelAfter(timeBox);
        try
        {
            await Parallel.ForEachAsync(streams, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = box.Token }, async (s, ct) =>
            {
                var url = s.Url ?? "";
                if (credentials.TryGetValue(s.ProviderId, out var account) && long.TryParse(s.ExternalId, out var xtreamId))
                {
                    url = XtreamUrls.Live(account, xtreamId, string.IsNullOrEmpty(s.Extension) ? "ts" : s.Extension);
                }

                try
                {
                    var sample = await SampleAsync(s.Method, s.Name, url, ct);
                    sample.Log.StreamId = s.Id;
                    sample.Log.SampledAt = time.GetUtcNow().UtcDateTime;
                    samples.Enqueue(sample);
                }
                catch (Exception ex) when (ex is FfprobeException or System.ComponentModel.Win32Exception or System.Text.Json.JsonException or InvalidOperationException)
                {
                    Interlocked.Increment(ref failed);
                    logger.LogWarning("Quality sampling of stream {StreamId} failed: {Reason}", s.Id, ex.Message);
                }
            });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            skipped = streams.Count - samples.Count - failed;
            logger.LogWarning("Quality sampling stopped by its time box of {TimeBox} after {Elapsed}; {Skipped} streams left for the next run", timeBox, time.GetElapsedTime(started), skipped);
        }

        var rescored = new List<long>();
        foreach (var chunk in samples.Chunk(Batch))
        {
            db.AddRange(chunk.Select(s => s.Log));
            var ids = chunk.Select(s => s.Log.StreamId).ToList();
            var rows = await db.Set<ProviderStream>().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
            var measured = await LatestMeasuredAsync(chunk.Where(s => s.Log.AnalysisMethod != QualityMethods.Ffprobe).Select(s => s.Log.StreamId).ToList(), cancellationToken);
            foreach (var (log, sampled) in chunk)
            {
                // A guess from the name or URL never replaces what ffprobe measured; an unknown result changes nothing.
                var quality = log.AnalysisMethod == QualityMethods.Ffprobe ? sampled : measured.GetValueOrDefault(log.StreamId) ?? sampled;
                if (!quality.IsKnown || !rows.TryGetValue(log.StreamId, out var stream))
                {
                    continue;
                }

                if (stream.QualityScore != quality.Score)
                {
                    rescored.Add(stream.Id);
                }

                stream.Quality = quality.Resolution;
                stream.QualityScore = quality.Score;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var channels = new HashSet<long>();
        foreach (var chunk in rescored.Chunk(Batch))
        {
            channels.UnionWith(await db.Set<ChannelStream>().Where(cs => chunk.Contains(cs.ProviderStreamId)).Select(cs => cs.ChannelId).ToListAsync(cancellationToken));
        }

        await merge.ReorderAsync(channels, cancellationToken);
        return (samples.Count, failed, skipped, rescored.Count);
    }

    /// <summary>The quality of each stream's latest ffprobe sample with a known resolution, for the given streams that have one.</summary>
    private async Task<Dictionary<long, StreamQuality>> LatestMeasuredAsync(List<long> streamIds, CancellationToken cancellationToken)
    {
        if (streamIds.Count == 0)
        {
            return [];
        }

        var measured = db.Set<QualityLog>().Where(q => q.AnalysisMethod == QualityMethods.Ffprobe && q.QualityScore > 0);
        var latest = await measured
            .Where(q => streamIds.Contains(q.StreamId) && q.SampledAt == measured.Where(m => m.StreamId == q.StreamId).Max(m => m.SampledAt))
            .Select(q => new { q.StreamId, q.QualityScore })
            .ToListAsync(cancellationToken);
        var result = new Dictionary<long, StreamQuality>();
        foreach (var row in latest)
        {
            result[row.StreamId] = FromScore(row.QualityScore);
        }

        return result;
    }

    /// <summary>The tier of a stored score: tiers are at least 100 apart and the bitrate/fps bonus is at most 50, so they never overlap.</summary>
    private static StreamQuality FromScore(int score) =>
        Tiers.FirstOrDefault(t => score >= StreamQualityDetector.BaseScore(t)) is { } tier ? new StreamQuality(tier, score) : StreamQuality.Unknown;

    private async Task<Sample> SampleAsync(string method, string name, string url, CancellationToken cancellationToken)
    {
        switch (method)
        {
            case QualityMethods.Url:
                return FromDetected(StreamQualityDetector.FromUrl(url), method);
            case QualityMethods.Ffprobe:
                var probe = await ffprobe.ProbeAsync(url, cancellationToken);
                var quality = StreamQualityDetector.FromProbe(probe.Height, probe.BitrateKbps, probe.Fps);
                return new Sample(new QualityLog
                {
                    Resolution = probe.Width is { } w && probe.Height is { } h ? $"{w}x{h}" : quality.Resolution,
                    Bitrate = probe.BitrateKbps is { } b ? (int)Math.Min(int.MaxValue, b) : null,
                    QualityScore = quality.Score,
                    Codec = probe.Codec,
                    Fps = probe.Fps,
                    AnalysisMethod = method,
                }, quality);
            default:
                return FromDetected(StreamQualityDetector.FromName(name), QualityMethods.Name);
        }
    }

    private static Sample FromDetected(StreamQuality quality, string method) =>
        new(new QualityLog { Resolution = quality.IsKnown ? quality.Resolution : null, QualityScore = quality.Score, AnalysisMethod = method }, quality);
}
