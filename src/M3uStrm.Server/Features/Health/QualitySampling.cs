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
/// </summary>
internal sealed class QualitySampling(
    AppDbContext db, FfprobeRunner ffprobe, ProviderFetcher fetcher, TimeProvider time, IConfiguration configuration, ILogger<QualitySampling> logger)
{
    private const int Batch = 500;

    public async Task<(int Sampled, int Failed, int Skipped)> RunAsync(Func<string, Task> progress, CancellationToken cancellationToken)
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
        var samples = new ConcurrentQueue<QualityLog>();
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
                    var log = await SampleAsync(s.Method, s.Name, url, ct);
                    log.StreamId = s.Id;
                    log.SampledAt = time.GetUtcNow().UtcDateTime;
                    samples.Enqueue(log);
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

        foreach (var chunk in samples.Chunk(Batch))
        {
            db.AddRange(chunk);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return (samples.Count, failed, skipped);
    }

    private async Task<QualityLog> SampleAsync(string method, string name, string url, CancellationToken cancellationToken)
    {
        switch (method)
        {
            case QualityMethods.Url:
                return FromDetected(StreamQualityDetector.FromUrl(url), method);
            case QualityMethods.Ffprobe:
                var probe = await ffprobe.ProbeAsync(url, cancellationToken);
                var quality = StreamQualityDetector.FromProbe(probe.Height, probe.BitrateKbps, probe.Fps);
                return new QualityLog
                {
                    Resolution = probe.Width is { } w && probe.Height is { } h ? $"{w}x{h}" : quality.Resolution,
                    Bitrate = probe.BitrateKbps is { } b ? (int)Math.Min(int.MaxValue, b) : null,
                    QualityScore = quality.Score,
                    Codec = probe.Codec,
                    Fps = probe.Fps,
                    AnalysisMethod = method,
                };
            default:
                return FromDetected(StreamQualityDetector.FromName(name), QualityMethods.Name);
        }
    }

    private static QualityLog FromDetected(StreamQuality quality, string method) =>
        new() { Resolution = quality.IsKnown ? quality.Resolution : null, QualityScore = quality.Score, AnalysisMethod = method };
}
