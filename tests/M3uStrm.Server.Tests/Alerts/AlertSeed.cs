using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Health;
using M3uStrm.Server.Features.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests.Alerts;

/// <summary>Writes the rows the sync, health and quality jobs would have written, so a rule can be tested on exact inputs.</summary>
internal sealed class AlertSeed(ServerFactory server)
{
    public static DateTime Now => DateTime.UtcNow;

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var result = await action(db);
        await db.SaveChangesAsync();
        return result;
    }

    public Task<long> ProviderAsync(string name, bool enabled = true) => WithDbAsync(async db =>
    {
        var provider = new Provider { Name = name, Kind = ProviderKinds.M3uUrl, Enabled = enabled, CreatedAt = Now };
        db.Add(provider);
        await db.SaveChangesAsync();
        return provider.Id;
    });

    /// <summary>Sync attempts, oldest first, spaced an hour apart and ending now.</summary>
    public Task<int> SyncsAsync(long providerId, params (string Status, double Seconds, int Errors)[] attempts) => WithDbAsync(db =>
    {
        for (var i = 0; i < attempts.Length; i++)
        {
            var at = Now.AddHours(i - attempts.Length + 1);
            var (status, seconds, errors) = attempts[i];
            db.Add(new ProviderPerformanceLog { ProviderId = providerId, SyncTimestamp = at, CreatedAt = at, Status = status, SyncDurationSeconds = seconds, ErrorsCount = errors });
        }

        return Task.FromResult(attempts.Length);
    });

    public Task<long> StreamAsync(long providerId, string name, string status, bool isChecked, int score = 0, bool removed = false) => WithDbAsync(async db =>
    {
        var stream = new ProviderStream
        {
            ProviderId = providerId,
            ExternalId = name,
            Name = name,
            Status = status,
            QualityScore = score,
            LastCheckedAt = isChecked ? Now.AddMinutes(-30) : null,
            FirstSeenAt = Now.AddDays(-1),
            UpdatedAt = Now.AddDays(-1),
            RemovedAt = removed ? Now.AddHours(-1) : null,
        };
        db.Add(stream);
        await db.SaveChangesAsync();
        return stream.Id;
    });

    public Task<int> SetStatusAsync(long streamId, string status) => WithDbAsync(async db =>
    {
        var stream = await db.Set<ProviderStream>().FindAsync(streamId);
        stream!.Status = status;
        return 1;
    });

    public Task<long> ChannelAsync(string name, bool enabled = true, params long[] streamIds) => WithDbAsync(async db =>
    {
        var channel = new Channel { Name = name, NormalizedName = name.ToLowerInvariant(), Enabled = enabled, CreatedAt = Now, UpdatedAt = Now };
        db.Add(channel);
        await db.SaveChangesAsync();
        for (var i = 0; i < streamIds.Length; i++)
        {
            db.Add(new ChannelStream { ChannelId = channel.Id, ProviderStreamId = streamIds[i], Order = i, IsActive = true, MergeMethod = "new", MergeConfidence = 1 });
        }

        return channel.Id;
    });

    /// <summary>Quality samples of a stream (hours ago, score), and the stream's current score set to the latest one, as the sampling job does.</summary>
    public Task<int> SamplesAsync(long streamId, params (double HoursAgo, int Score)[] samples) => WithDbAsync(async db =>
    {
        foreach (var (hoursAgo, score) in samples)
        {
            db.Add(new QualityLog { StreamId = streamId, SampledAt = Now.AddHours(-hoursAgo), QualityScore = score, AnalysisMethod = "ffprobe" });
        }

        var latest = samples.MinBy(s => s.HoursAgo);
        if (latest.Score > 0)
        {
            (await db.Set<ProviderStream>().FindAsync(streamId))!.QualityScore = latest.Score;
        }

        return samples.Length;
    });
}
