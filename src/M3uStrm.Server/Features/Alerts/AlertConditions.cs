using System.Globalization;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Health;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Alerts;

/// <summary>A condition a rule found for a subject; the same subject key on the next evaluation means the same incident.</summary>
public sealed record AlertFinding(string SubjectKey, string Title, string Message);

/// <summary>
/// The four rule checks, each a few aggregate queries over what the sync, health and quality jobs recorded.
/// Read-only: opening and resolving incidents is <see cref="AlertEvaluator"/>'s job.
/// </summary>
internal sealed class AlertConditions(AppDbContext db, TimeProvider time)
{
    public Task<List<AlertFinding>> FindAsync(string kind, IReadOnlyDictionary<string, double> p, CancellationToken cancellationToken) => kind switch
    {
        AlertRuleKinds.ProviderSyncFailures => SyncFailuresAsync((int)p[AlertRuleKinds.ConsecutiveFailures], cancellationToken),
        AlertRuleKinds.ProviderSyncAnomaly => SyncAnomaliesAsync(p, cancellationToken),
        AlertRuleKinds.DeadStreamShare => DeadShareAsync(p[AlertRuleKinds.MaxDeadPercent], (int)p[AlertRuleKinds.MinCheckedStreams], cancellationToken),
        AlertRuleKinds.ChannelQualityDrop => QualityDropsAsync((int)p[AlertRuleKinds.MinTierDrop], (int)p[AlertRuleKinds.LookbackHours], cancellationToken),
        _ => Task.FromResult(new List<AlertFinding>()),
    };

    private Task<List<ProviderRef>> EnabledProvidersAsync(CancellationToken cancellationToken) =>
        db.Set<Provider>().AsNoTracking().Where(p => p.Enabled).OrderBy(p => p.Id)
            .Select(p => new ProviderRef(p.Id, p.Name, p.LastSyncMessage)).ToListAsync(cancellationToken);

    private sealed record ProviderRef(long Id, string Name, string? LastMessage);

    /// <summary>The last <paramref name="count"/> attempts all failed or were rejected (a provider with fewer attempts is not judged).</summary>
    private async Task<List<AlertFinding>> SyncFailuresAsync(int count, CancellationToken cancellationToken)
    {
        var findings = new List<AlertFinding>();
        foreach (var provider in await EnabledProvidersAsync(cancellationToken))
        {
            var statuses = await db.Set<ProviderPerformanceLog>().AsNoTracking().Where(l => l.ProviderId == provider.Id)
                .OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id).Take(count)
                .Select(l => l.Status).ToListAsync(cancellationToken);
            if (statuses.Count == count && statuses.All(s => s != "succeeded"))
            {
                var reason = string.IsNullOrEmpty(provider.LastMessage) ? "" : $" Last error: {Truncate(provider.LastMessage, 300)}";
                findings.Add(new AlertFinding($"provider:{provider.Id}", $"Provider {provider.Name}: {count} failed syncs in a row",
                    $"The last {count} syncs of provider {provider.Name} failed.{reason}"));
            }
        }

        return findings;
    }

    /// <summary>
    /// The latest attempt against the median of the successful attempts before it: an anomaly when above median × factor
    /// and above the absolute floor (so a 2 s sync taking 7 s, or 0 errors becoming 1, is not news).
    /// </summary>
    private async Task<List<AlertFinding>> SyncAnomaliesAsync(IReadOnlyDictionary<string, double> p, CancellationToken cancellationToken)
    {
        var factor = p[AlertRuleKinds.Factor];
        var baselineCount = (int)p[AlertRuleKinds.BaselineSyncs];
        var minBaseline = (int)p[AlertRuleKinds.MinBaselineSyncs];
        var findings = new List<AlertFinding>();
        var logs = db.Set<ProviderPerformanceLog>().AsNoTracking();
        foreach (var provider in await EnabledProvidersAsync(cancellationToken))
        {
            var latest = await logs.Where(l => l.ProviderId == provider.Id).OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id)
                .Select(l => new { l.Id, l.CreatedAt, l.SyncDurationSeconds, l.ErrorsCount }).FirstOrDefaultAsync(cancellationToken);
            if (latest is null)
            {
                continue;
            }

            var baseline = await logs.Where(l => l.ProviderId == provider.Id && l.Id != latest.Id && l.Status == "succeeded" && l.CreatedAt <= latest.CreatedAt)
                .OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id).Take(baselineCount)
                .Select(l => new { l.SyncDurationSeconds, l.ErrorsCount }).ToListAsync(cancellationToken);
            if (baseline.Count < minBaseline)
            {
                continue;
            }

            var usualDuration = Median(baseline.Select(b => b.SyncDurationSeconds));
            var usualErrors = Median(baseline.Select(b => (double)b.ErrorsCount));
            var parts = new List<string>();
            if (latest.SyncDurationSeconds > usualDuration * factor && latest.SyncDurationSeconds >= p[AlertRuleKinds.MinDurationSeconds])
            {
                parts.Add($"took {Number(latest.SyncDurationSeconds)} s (usually {Number(usualDuration)} s)");
            }

            if (latest.ErrorsCount > usualErrors * factor && latest.ErrorsCount >= p[AlertRuleKinds.MinErrors])
            {
                parts.Add($"reported {latest.ErrorsCount} errors (usually {Number(usualErrors)})");
            }

            if (parts.Count > 0)
            {
                findings.Add(new AlertFinding($"provider:{provider.Id}", $"Provider {provider.Name}: unusual sync",
                    $"The latest sync of provider {provider.Name} {string.Join(" and ", parts)}; median of the previous {baseline.Count} successful syncs."));
            }
        }

        return findings;
    }

    /// <summary>Dead share of the checked, not removed live streams of enabled providers (degraded streams answer, so they are not dead).</summary>
    private async Task<List<AlertFinding>> DeadShareAsync(double maxPercent, int minChecked, CancellationToken cancellationToken)
    {
        var checkedStreams =
            from s in db.Set<ProviderStream>()
            join provider in db.Set<Provider>() on s.ProviderId equals provider.Id
            where provider.Enabled && s.RemovedAt == null && s.LastCheckedAt != null
            select s;
        var total = await checkedStreams.CountAsync(cancellationToken);
        if (total < minChecked)
        {
            return [];
        }

        var dead = await checkedStreams.CountAsync(s => s.Status == StreamStatus.Dead, cancellationToken);
        var percent = dead * 100.0 / total;
        return percent > maxPercent
            ? [new AlertFinding("streams", $"{Number(percent)}% of the checked streams are dead",
                $"{dead} of {total} checked live streams are dead (threshold {Number(maxPercent)}%).")]
            : [];
    }

    /// <summary>
    /// Per enabled channel, its best stream (highest current score among active, not removed links; then failover order):
    /// an incident when that stream's latest sample is at least <paramref name="minTierDrop"/> tiers below its previous one.
    /// Unknown samples (score 0) say nothing about quality and are left out.
    /// </summary>
    private async Task<List<AlertFinding>> QualityDropsAsync(int minTierDrop, int lookbackHours, CancellationToken cancellationToken)
    {
        var links = await (
            from cs in db.Set<ChannelStream>()
            join s in db.Set<ProviderStream>() on cs.ProviderStreamId equals s.Id
            join c in db.Set<Channel>() on cs.ChannelId equals c.Id
            where cs.IsActive && s.RemovedAt == null && c.Enabled
            select new { cs.ChannelId, ChannelName = c.Name, StreamId = s.Id, StreamName = s.Name, s.QualityScore, cs.Order })
            .AsNoTracking().ToListAsync(cancellationToken);
        var best = links.GroupBy(l => l.ChannelId)
            .Select(g => g.OrderByDescending(l => l.QualityScore).ThenBy(l => l.Order).ThenBy(l => l.StreamId).First())
            .ToList();
        if (best.Count == 0)
        {
            return [];
        }

        var since = time.GetUtcNow().UtcDateTime.AddHours(-lookbackHours);
        var activeStreamIds = db.Set<ChannelStream>().Where(cs => cs.IsActive).Select(cs => cs.ProviderStreamId);
        var samples = await db.Set<QualityLog>().AsNoTracking()
            .Where(q => q.SampledAt >= since && q.QualityScore > 0 && activeStreamIds.Contains(q.StreamId))
            .Select(q => new { q.Id, q.StreamId, q.SampledAt, q.QualityScore }).ToListAsync(cancellationToken);
        var lastTwo = samples.GroupBy(q => q.StreamId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(q => q.SampledAt).ThenByDescending(q => q.Id).Take(2).ToList());

        var findings = new List<AlertFinding>();
        foreach (var channel in best.OrderBy(b => b.ChannelId))
        {
            if (!lastTwo.TryGetValue(channel.StreamId, out var pair) || pair.Count < 2)
            {
                continue;
            }

            var (latest, previous) = (QualityTier.Of(pair[0].QualityScore), QualityTier.Of(pair[1].QualityScore));
            if (previous.Rank - latest.Rank >= minTierDrop)
            {
                findings.Add(new AlertFinding($"channel:{channel.ChannelId}", $"Channel {channel.ChannelName}: quality dropped from {previous.Name} to {latest.Name}",
                    $"The best stream of channel {channel.ChannelName} ({channel.StreamName}) was sampled at {latest.Name} (score {pair[0].QualityScore}) " +
                    $"at {pair[0].SampledAt.ToString("u", CultureInfo.InvariantCulture)}, after {previous.Name} (score {pair[1].QualityScore})."));
            }
        }

        return findings;
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Number(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}

/// <summary>Quality tiers of a stored score, lowest first (SD = 1 … 8K = 6); the score table is in Features/Channels/README.md.</summary>
internal readonly record struct QualityTier(int Rank, string Name)
{
    private static readonly string[] Names =
    [
        StreamQualityDetector.ResSd, StreamQualityDetector.ResHd, StreamQualityDetector.ResFhd,
        StreamQualityDetector.ResQhd, StreamQualityDetector.Res4K, StreamQualityDetector.Res8K,
    ];

    public static QualityTier Of(int score)
    {
        for (var i = Names.Length - 1; i >= 0; i--)
        {
            if (score >= StreamQualityDetector.BaseScore(Names[i]))
            {
                return new QualityTier(i + 1, Names[i]);
            }
        }

        return new QualityTier(0, "unknown");
    }
}
