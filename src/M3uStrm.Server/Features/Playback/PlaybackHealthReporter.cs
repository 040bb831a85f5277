using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Health;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Playback;

/// <summary>
/// Tells the health feature what playback learned: a stream that failed while someone watched gets a failed
/// stream check (source <c>playback</c>, counted as a failover it caused) and the same dead rule as the health job;
/// a stream that played resets its failure count. Both refresh the stream's reliability window (StreamReliability);
/// the channel's failover order is recomputed when the stream's failover rank changes (FailoverOrder).
/// </summary>
public sealed class PlaybackHealthReporter(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<PlaybackHealthReporter> logger)
{
    public async Task FailedAsync(long streamId, string reason, int? httpStatus, int latencyMs)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var failuresToDead = Math.Max(1, configuration.GetValue("Health:FailuresToDead", 2));
            var now = time.GetUtcNow().UtcDateTime;
            db.Add(new StreamCheck { StreamId = streamId, CheckedAt = now, Ok = false, LatencyMs = latencyMs, HttpStatus = httpStatus, Reason = Truncate(reason), Source = CheckSources.Playback });
            await db.SaveChangesAsync();
            var stream = await db.Set<ProviderStream>().FirstOrDefaultAsync(s => s.Id == streamId);
            var changed = false;
            if (stream is not null)
            {
                var rank = FailoverOrder.HealthRank(stream);
                stream.ConsecutiveFailures++;
                stream.LastCheckedAt = now;
                if (stream.ConsecutiveFailures >= failuresToDead)
                {
                    stream.Status = StreamStatus.Dead;
                }

                await scope.ServiceProvider.GetRequiredService<StreamReliability>().RefreshAsync([stream], CancellationToken.None);
                changed = rank != FailoverOrder.HealthRank(stream);
                await db.SaveChangesAsync();
            }

            logger.LogInformation("Stream {StreamId} failed during playback: {Reason}", streamId, reason);
            if (changed)
            {
                await ReorderAsync(scope.ServiceProvider, db, streamId);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not record the playback failure of stream {StreamId}", streamId);
        }
    }

    public async Task PlayedAsync(long streamId, int latencyMs)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var stream = await db.Set<ProviderStream>().FirstOrDefaultAsync(s => s.Id == streamId);
            if (stream is null || (stream.ConsecutiveFailures == 0 && stream.Status is StreamStatus.Alive or StreamStatus.Degraded))
            {
                return;
            }

            var rank = FailoverOrder.HealthRank(stream);
            stream.ConsecutiveFailures = 0;
            if (stream.Status is StreamStatus.Dead or StreamStatus.Unknown)
            {
                stream.Status = StreamStatus.Alive;
            }

            db.Add(new StreamCheck { StreamId = streamId, CheckedAt = time.GetUtcNow().UtcDateTime, Ok = true, LatencyMs = latencyMs, Source = CheckSources.Playback });
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<StreamReliability>().RefreshAsync([stream], CancellationToken.None);
            await db.SaveChangesAsync();
            if (rank != FailoverOrder.HealthRank(stream))
            {
                await ReorderAsync(scope.ServiceProvider, db, streamId);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not record the playback of stream {StreamId}", streamId);
        }
    }

    private static async Task ReorderAsync(IServiceProvider services, AppDbContext db, long streamId)
    {
        var channels = await db.Set<ChannelStream>().Where(cs => cs.ProviderStreamId == streamId).Select(cs => cs.ChannelId).ToListAsync();
        await services.GetRequiredService<ChannelMerge>().ReorderAsync(channels, CancellationToken.None);
    }

    private static string Truncate(string reason) => reason.Length <= 500 ? reason : reason[..500];
}
