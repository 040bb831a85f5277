using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Hosting.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace M3uStrm.Server.Features.Analytics;

/// <summary>
/// Rolls viewing sessions up into <see cref="SessionRollup"/> rows (per UTC day, user and item) and deletes them, in
/// one transaction. Used by the retention job for sessions older than <c>Analytics:RetentionDays</c>, and by the
/// anonymising deletion of one user's sessions (the rollups then carry no user).
/// </summary>
public sealed class SessionRollups(AppDbContext db, TimeProvider time)
{
    private const int Batch = 5000;

    /// <summary>Rolls up and deletes the sessions started before <paramref name="before"/> (or of one user); returns how many.</summary>
    public async Task<int> RollUpAsync(DateTime? before, Guid? userId, bool anonymise, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var total = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            long after = 0;
            while (true)
            {
                var query = db.Set<ViewingSession>().AsNoTracking().Where(s => s.Id > after);
                if (before is { } cutoff)
                {
                    query = query.Where(s => s.StartedAt < cutoff);
                }

                if (userId is { } one)
                {
                    query = query.Where(s => s.UserId == one);
                }

                var rows = await query.OrderBy(s => s.Id).Take(Batch)
                    .Select(s => new { s.Id, s.UserId, s.ChannelId, s.VodItemId, s.EpisodeId, s.StartedAt, s.EndedAt, s.LastSeenAt, s.DurationSeconds, s.Completed })
                    .ToListAsync(cancellationToken);
                if (rows.Count == 0)
                {
                    break;
                }

                var groups = rows.GroupBy(s => (Day: s.StartedAt.Date, UserId: anonymise ? null : (Guid?)s.UserId, s.ChannelId, s.VodItemId, s.EpisodeId)).ToList();
                var (firstDay, lastDay) = (groups.Min(g => g.Key.Day), groups.Max(g => g.Key.Day));
                var existing = await db.Set<SessionRollup>().Where(r => r.Day >= firstDay && r.Day <= lastDay).ToListAsync(cancellationToken);
                foreach (var g in groups)
                {
                    var k = g.Key;
                    var rollup = existing.FirstOrDefault(r => r.Day == k.Day && r.UserId == k.UserId && r.ChannelId == k.ChannelId && r.VodItemId == k.VodItemId && r.EpisodeId == k.EpisodeId);
                    if (rollup is null)
                    {
                        rollup = new SessionRollup { Day = k.Day, UserId = k.UserId, ChannelId = k.ChannelId, VodItemId = k.VodItemId, EpisodeId = k.EpisodeId };
                        db.Add(rollup);
                        existing.Add(rollup);
                    }

                    rollup.Sessions += g.Count();
                    // An open session past retention was abandoned: it counts until its last sign of life.
                    rollup.Seconds += g.Sum(s => AnalyticsWindow.Seconds(s.DurationSeconds, s.StartedAt, s.EndedAt ?? (s.LastSeenAt < now ? s.LastSeenAt : now), now));
                    rollup.Completed += g.Count(s => s.Completed);
                    var last = g.Max(s => s.StartedAt);
                    if (last > rollup.LastStartedAt)
                    {
                        rollup.LastStartedAt = last;
                    }
                }

                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                var ids = rows.Select(r => r.Id).ToList();
                await db.Set<ViewingSession>().Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
                total += rows.Count;
                after = rows[^1].Id;
            }

            await transaction.CommitAsync(cancellationToken);
        });
        return total;
    }
}

/// <summary>Daily: raw sessions older than <c>Analytics:RetentionDays</c> become daily rollups, then are deleted.</summary>
[DisallowConcurrentExecution]
internal sealed class AnalyticsRetentionJob(SessionRollups rollups, TimeProvider time, IOptionsMonitor<AnalyticsOptions> options) : IJob
{
    public const string Key = "analytics-retention";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-options.CurrentValue.RetentionDays);
        var rolled = await rollups.RollUpAsync(cutoff, null, anonymise: false, cancellationToken);
        context.Result = new JobResult(true, $"rolled up and deleted {rolled} sessions started before {cutoff:yyyy-MM-dd HH:mm} UTC");
    }
}
