using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Threading.Channels;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Hosting;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Analytics;

/// <summary>One connected dashboard: a small queue of serialized snapshots its socket drains.</summary>
public sealed class LiveSubscriber
{
    internal LiveSubscriber(long id) => Id = id;

    public long Id { get; }

    /// <summary>Bounded: a client that cannot keep up fills it and is closed instead of holding the others back.</summary>
    internal Channel<ReadOnlyMemory<byte>> Queue { get; } =
        Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<ReadOnlyMemory<byte>> Reader => Queue.Reader;
}

/// <summary>
/// Computes the live snapshot once per interval (or early, at most once a second, when a session starts or ends) and
/// hands the same serialized bytes to every connected socket. Sockets never query the database themselves; a socket
/// whose queue is full is dropped so one slow client never delays the others.
/// </summary>
public sealed class LiveSnapshotBroadcaster(
    IServiceScopeFactory scopes, SessionTracker tracker, TimeProvider time, IOptionsMonitor<AnalyticsOptions> options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<LiveSnapshotBroadcaster> logger) : BackgroundService
{
    private static readonly TimeSpan MinGap = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<long, LiveSubscriber> subscribers = new();
    private readonly Channel<bool> changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim computing = new(1, 1);
    private long nextId;
    private int computations;
    private DateTime lastComputedAt = DateTime.MinValue;
    private (LiveSnapshot Snapshot, ReadOnlyMemory<byte> Payload)? latest;
    private readonly Meter meter = new(Telemetry.MeterName);
    private Histogram<double>? duration;

    /// <summary>How many snapshots were computed since start (one per interval or early push, whatever the number of sockets).</summary>
    public int Computations => Volatile.Read(ref computations);

    public int Subscribers => subscribers.Count;

    public LiveSnapshot? Latest => latest?.Snapshot;

    /// <summary>Registers a socket and queues the current snapshot for it (computed now only if there is none yet).</summary>
    public async Task<LiveSubscriber> SubscribeAsync(CancellationToken cancellationToken)
    {
        if (latest is null)
        {
            await PublishAsync(onlyIfMissing: true, cancellationToken);
        }

        var subscriber = new LiveSubscriber(Interlocked.Increment(ref nextId));
        if (latest is { } current)
        {
            subscriber.Queue.Writer.TryWrite(current.Payload);
        }

        subscribers[subscriber.Id] = subscriber;
        return subscriber;
    }

    public void Unsubscribe(LiveSubscriber subscriber)
    {
        if (subscribers.TryRemove(subscriber.Id, out _))
        {
            subscriber.Queue.Writer.TryComplete();
        }
    }

    private void OnSessionsChanged() => changes.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        tracker.SessionsChanged += OnSessionsChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Read each round: the interval can be changed at runtime (settings API).
                var interval = TimeSpan.FromSeconds(options.CurrentValue.LiveIntervalSeconds);
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    var due = lastComputedAt == DateTime.MinValue ? TimeSpan.Zero : lastComputedAt + interval - time.GetUtcNow().UtcDateTime;
                    if (due > TimeSpan.Zero)
                    {
                        wait.CancelAfter(due);
                        try
                        {
                            await changes.Reader.WaitToReadAsync(wait.Token);
                            changes.Reader.TryRead(out _);
                            var gap = lastComputedAt + MinGap - time.GetUtcNow().UtcDateTime;
                            if (gap > TimeSpan.Zero)
                            {
                                await Task.Delay(gap, stoppingToken);
                            }
                        }
                        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                        {
                            // The interval elapsed.
                        }
                    }
                }

                try
                {
                    await PublishAsync(onlyIfMissing: false, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not compute the live analytics snapshot");
                    lastComputedAt = time.GetUtcNow().UtcDateTime;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            tracker.SessionsChanged -= OnSessionsChanged;
        }
    }

    private async Task PublishAsync(bool onlyIfMissing, CancellationToken cancellationToken)
    {
        await computing.WaitAsync(cancellationToken);
        try
        {
            if (onlyIfMissing && latest is not null)
            {
                return;
            }

            duration ??= CreateInstruments();
            var started = Stopwatch.GetTimestamp();
            await using var scope = scopes.CreateAsyncScope();
            var snapshot = await scope.ServiceProvider.GetRequiredService<LiveSnapshotQuery>().ComputeAsync(cancellationToken);
            Interlocked.Increment(ref computations);
            duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            lastComputedAt = time.GetUtcNow().UtcDateTime;
            ReadOnlyMemory<byte> payload = JsonSerializer.SerializeToUtf8Bytes(snapshot, json.Value.SerializerOptions);
            latest = (snapshot, payload);
            foreach (var subscriber in subscribers.Values)
            {
                if (!subscriber.Queue.Writer.TryWrite(payload))
                {
                    // Four snapshots behind: the client is gone or too slow; closing it frees its socket.
                    logger.LogInformation("Dropping live analytics subscriber {Id}: it is not reading", subscriber.Id);
                    Unsubscribe(subscriber);
                }
            }
        }
        finally
        {
            computing.Release();
        }
    }

    private Histogram<double> CreateInstruments()
    {
        meter.CreateObservableGauge("m3ustrm.analytics.live_subscribers", () => subscribers.Count, description: "Sockets connected to the live analytics dashboard.");
        return meter.CreateHistogram<double>("m3ustrm.analytics.live_snapshot.duration", "s", "Time to compute one live analytics snapshot.");
    }

    public override void Dispose()
    {
        meter.Dispose();
        computing.Dispose();
        base.Dispose();
    }
}
