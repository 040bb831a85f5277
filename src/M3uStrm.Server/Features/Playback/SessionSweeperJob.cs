using M3uStrm.Server.Data;
using M3uStrm.Server.Hosting.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace M3uStrm.Server.Features.Playback;

/// <summary>
/// Closes open sessions with no sign of life for the idle limit (2 minutes) at their last_seen_at: redirects, players
/// that stopped reporting, and sessions of a process that died. Sessions this process is still feeding are skipped;
/// those of other nodes stay fresh through their heartbeat.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SessionSweeperJob(AppDbContext db, SessionTracker tracker, TimeProvider time, IOptionsMonitor<PlaybackOptions> options) : IJob
{
    public const string Key = "session-sweeper";
    private const int Batch = 500;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var closed = await SweepAsync(cancellationToken);
        context.Result = new JobResult(true, $"closed {closed} idle sessions");
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var idleBefore = time.GetUtcNow().UtcDateTime.AddSeconds(-options.CurrentValue.SessionIdleSeconds);
        var mine = tracker.OpenIds.ToHashSet();
        var closed = 0;
        long after = 0;
        while (true)
        {
            var rows = await db.Set<ViewingSession>()
                .Where(s => s.EndedAt == null && s.LastSeenAt < idleBefore && s.Id > after)
                .OrderBy(s => s.Id).Take(Batch).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                if (closed > 0)
                {
                    tracker.NotifyChanged();
                }

                return closed;
            }

            after = rows[^1].Id;
            foreach (var s in rows.Where(s => !mine.Contains(s.Id)))
            {
                s.EndedAt = s.LastSeenAt;
                s.DurationSeconds ??= Math.Max(0, (s.LastSeenAt - s.StartedAt).TotalSeconds);
                s.Completed = s.Completed || Completion.Of(s.ChannelId, s.EndedAt.Value, s.DurationSeconds.Value, s.ProgrammeEndsAt, s.ContentDurationSeconds);
                closed++;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }
}
