using System.Collections.Concurrent;
using M3uStrm.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Playback;

/// <summary>What a new viewing session is about.</summary>
public sealed record SessionStart(
    Guid UserId, PlaybackKind Kind, long ItemId, long? StreamId, string Source, string? Client, string? Ip, DateTime? ProgrammeEndsAt, int? ContentDurationSeconds);

/// <summary>The completion rule of design.md §7.</summary>
public static class Completion
{
    /// <summary>VOD: at least 90% of the known duration watched; live: stayed to the end of the programme on air at the start.</summary>
    public static bool Of(long? channelId, DateTime endedAt, double durationSeconds, DateTime? programmeEndsAt, int? contentDurationSeconds) =>
        channelId is not null
            ? programmeEndsAt is { } end && endedAt >= end
            : contentDurationSeconds is > 0 && durationSeconds >= 0.9 * contentDurationSeconds.Value;
}

/// <summary>
/// The viewing sessions this process feeds. A proxied live connection owns its session and ends it exactly when the
/// connection ends; HLS, VOD (many range requests) and redirects share one session per user and item that stays open
/// while requests keep coming and is closed at its last sign of life once idle. Progress (last_seen_at, bytes) is held
/// in memory and written every <see cref="PlaybackOptions.HeartbeatSeconds"/>, not per chunk.
/// </summary>
public sealed class SessionTracker(IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<PlaybackOptions> options, ILogger<SessionTracker> logger) : IDisposable
{
    private readonly ConcurrentDictionary<long, Open> open = new();
    private readonly ConcurrentDictionary<(Guid, PlaybackKind, long, string), long> shared = new();
    private readonly SemaphoreSlim sharedStart = new(1, 1);

    private sealed class Open(long id, SessionStart start, DateTime startedAt, (Guid, PlaybackKind, long, string)? key)
    {
        public long Id { get; } = id;

        public SessionStart Start { get; } = start;

        public DateTime StartedAt { get; } = startedAt;

        public (Guid, PlaybackKind, long, string)? Key { get; } = key;

        public long Bytes;

        public long LastSeenTicks = startedAt.Ticks;

        public long? StreamId = start.StreamId;

        public int Dirty;

        public DateTime LastSeen => new(Interlocked.Read(ref LastSeenTicks), DateTimeKind.Utc);
    }

    /// <summary>Raised after a session was opened or closed (the live dashboard pushes early); handlers must not block.</summary>
    public event Action? SessionsChanged;

    /// <summary>Tells listeners that sessions were opened or closed outside the tracker (player reports, the sweeper).</summary>
    public void NotifyChanged() => SessionsChanged?.Invoke();

    /// <summary>Sessions this process is feeding right now.</summary>
    public IReadOnlyCollection<long> OpenIds => [.. open.Keys];

    /// <summary>Opens a session owned by one connection (proxied live TS); end it with <see cref="EndAsync"/>.</summary>
    public async Task<long> StartAsync(SessionStart start, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var id = await InsertAsync(start, now, cancellationToken);
        open[id] = new Open(id, start, now, null);
        return id;
    }

    /// <summary>The open shared session of this user and item from this source, or a new one; counts as a sign of life.</summary>
    public async Task<long> StartOrTouchAsync(SessionStart start, CancellationToken cancellationToken)
    {
        var key = (start.UserId, start.Kind, start.ItemId, start.Source);
        if (shared.TryGetValue(key, out var existing) && open.ContainsKey(existing))
        {
            Touch(existing, 0, start.StreamId);
            return existing;
        }

        await sharedStart.WaitAsync(cancellationToken);
        try
        {
            if (shared.TryGetValue(key, out existing) && open.ContainsKey(existing))
            {
                Touch(existing, 0, start.StreamId);
                return existing;
            }

            var now = time.GetUtcNow().UtcDateTime;
            var id = await InsertAsync(start, now, cancellationToken);
            open[id] = new Open(id, start, now, key);
            shared[key] = id;
            return id;
        }
        finally
        {
            sharedStart.Release();
        }
    }

    /// <summary>A sign of life: bytes sent, a segment fetched, a heartbeat.</summary>
    public void Touch(long id, long bytes, long? streamId = null)
    {
        if (!open.TryGetValue(id, out var session))
        {
            return;
        }

        if (bytes != 0)
        {
            Interlocked.Add(ref session.Bytes, bytes);
        }

        if (streamId is not null)
        {
            session.StreamId = streamId;
        }

        Interlocked.Exchange(ref session.LastSeenTicks, time.GetUtcNow().UtcDateTime.Ticks);
        Volatile.Write(ref session.Dirty, 1);
    }

    /// <summary>Ends a session now (the proxied connection closed).</summary>
    public Task EndAsync(long id, CancellationToken cancellationToken) =>
        open.TryRemove(id, out var session) ? CloseAsync(session, time.GetUtcNow().UtcDateTime, cancellationToken) : Task.CompletedTask;

    /// <summary>Writes progress of the sessions that changed, and closes shared sessions idle for longer than the idle limit.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var idleBefore = time.GetUtcNow().UtcDateTime.AddSeconds(-options.CurrentValue.SessionIdleSeconds);
        foreach (var session in open.Values)
        {
            try
            {
                if (session.Key is { } key && session.LastSeen < idleBefore)
                {
                    if (open.TryRemove(session.Id, out _))
                    {
                        shared.TryRemove(new KeyValuePair<(Guid, PlaybackKind, long, string), long>(key, session.Id));
                        await CloseAsync(session, session.LastSeen, cancellationToken);
                    }

                    continue;
                }

                if (Interlocked.Exchange(ref session.Dirty, 0) == 1)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    var (lastSeen, bytes, streamId) = (session.LastSeen, Interlocked.Read(ref session.Bytes), session.StreamId);
                    await db.Set<ViewingSession>().Where(s => s.Id == session.Id && s.EndedAt == null)
                        .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, lastSeen).SetProperty(s => s.BytesSent, bytes).SetProperty(s => s.StreamId, streamId), cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Volatile.Write(ref session.Dirty, 1);
                logger.LogWarning(ex, "Could not write progress of viewing session {SessionId}", session.Id);
            }
        }
    }

    /// <summary>On shutdown every session this process feeds ends now.</summary>
    public async Task EndAllAsync(CancellationToken cancellationToken)
    {
        foreach (var id in open.Keys)
        {
            await EndAsync(id, cancellationToken);
        }
    }

    private async Task<long> InsertAsync(SessionStart start, DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = new ViewingSession
        {
            UserId = start.UserId,
            ChannelId = start.Kind == PlaybackKind.Live ? start.ItemId : null,
            VodItemId = start.Kind == PlaybackKind.Movie ? start.ItemId : null,
            EpisodeId = start.Kind == PlaybackKind.Episode ? start.ItemId : null,
            StreamId = start.StreamId,
            StartedAt = now,
            LastSeenAt = now,
            Source = start.Source,
            Client = Truncate(start.Client, 300),
            Ip = Truncate(start.Ip, 64),
            ProgrammeEndsAt = start.ProgrammeEndsAt,
            ContentDurationSeconds = start.ContentDurationSeconds,
        };
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        NotifyChanged();
        return row.Id;
    }

    private async Task CloseAsync(Open session, DateTime endedAt, CancellationToken cancellationToken)
    {
        try
        {
            var duration = Math.Max(0, (endedAt - session.StartedAt).TotalSeconds);
            var channelId = session.Start.Kind == PlaybackKind.Live ? session.Start.ItemId : (long?)null;
            var completed = Completion.Of(channelId, endedAt, duration, session.Start.ProgrammeEndsAt, session.Start.ContentDurationSeconds);
            var (bytes, streamId) = (Interlocked.Read(ref session.Bytes), session.StreamId);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Set<ViewingSession>().Where(s => s.Id == session.Id && s.EndedAt == null)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.EndedAt, endedAt)
                    .SetProperty(s => s.LastSeenAt, endedAt)
                    .SetProperty(s => s.DurationSeconds, duration)
                    .SetProperty(s => s.Completed, completed)
                    .SetProperty(s => s.BytesSent, bytes)
                    .SetProperty(s => s.StreamId, streamId), cancellationToken);
            NotifyChanged();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The sweeper closes it at its last_seen_at.
            logger.LogWarning(ex, "Could not close viewing session {SessionId}", session.Id);
        }
    }

    public void Dispose() => sharedStart.Dispose();

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

/// <summary>Writes session progress on a heartbeat and ends this process's sessions on shutdown.</summary>
internal sealed class SessionFlusher(SessionTracker tracker, HlsProxy hls, PlaybackEventLog events, IOptionsMonitor<PlaybackOptions> options, ILogger<SessionFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.CurrentValue.HeartbeatSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await tracker.FlushAsync(stoppingToken);
                    hls.ReleaseIdle();
                    await events.FlushAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Session heartbeat failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await tracker.EndAllAsync(cancellationToken);
    }
}
