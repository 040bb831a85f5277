using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Playback;

/// <summary>Every stream of the channel is at a provider whose connections are all in use.</summary>
public sealed class ProvidersBusyException() : Exception("every provider connection of this channel is in use");

/// <summary>The viewer fell more than the buffer limit behind the live stream and was let go.</summary>
public sealed class SlowViewerException() : Exception("the viewer fell too far behind the live stream");

/// <summary>One player's place in a shared live stream: a queue of whole TS packets, bounded in bytes.</summary>
public sealed class RelayViewer
{
    internal Channel<byte[]> Queue { get; } = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    internal long Queued;

    internal LiveRelay? Relay { get; set; }

    public ChannelReader<byte[]> Reader => Queue.Reader;

    /// <summary>The provider stream playing now (changes on failover).</summary>
    public long? StreamId => Relay?.CurrentStreamId;

    public void Consumed(int bytes) => Interlocked.Add(ref Queued, -bytes);
}

/// <summary>
/// One upstream connection for a channel, shared by all its viewers (design.md §7). Reads MPEG-TS (or joins the
/// segments of an HLS upstream into one TS stream), cuts it into whole packets and hands each chunk to every viewer.
/// On a connect error, HTTP error, stall or lost sync it reports the stream to the health feature and switches to the
/// next stream in failover order on a packet boundary; viewers only see a stall. A viewer whose queue grows past
/// <see cref="PlaybackOptions.ClientBufferBytes"/> is disconnected instead of holding memory for everyone.
/// </summary>
public sealed class LiveRelay : IDisposable
{
    private readonly LiveRelayHub hub;
    private readonly IReadOnlyList<Candidate> candidates;
    private readonly PlaybackOptions options;
    private readonly Upstream upstream;
    private readonly ProviderConnections connections;
    private readonly PlaybackHealthReporter health;
    private readonly PlaybackEventLog events;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private ImmutableArray<RelayViewer> viewers = [];
    private bool finished;
    private long delivered;
    private int lingerVersion;

    internal LiveRelay(LiveRelayHub hub, long channelId, IReadOnlyList<Candidate> candidates, PlaybackOptions options, Upstream upstream,
        ProviderConnections connections, PlaybackHealthReporter health, PlaybackEventLog events, TimeProvider time, ILogger logger)
    {
        this.hub = hub;
        ChannelId = channelId;
        this.candidates = candidates;
        this.options = options;
        this.upstream = upstream;
        this.connections = connections;
        this.health = health;
        this.events = events;
        this.time = time;
        this.logger = logger;
    }

    public long ChannelId { get; }

    public long? CurrentStreamId { get; private set; }

    public int ViewerCount => viewers.Length;

    /// <summary>Upstream connections this relay has opened (one per stream tried).</summary>
    public int UpstreamOpens { get; private set; }

    internal void Start() => _ = Task.Run(RunAsync);

    internal bool TryAdd(RelayViewer viewer)
    {
        lock (gate)
        {
            if (finished)
            {
                return false;
            }

            viewer.Relay = this;
            viewers = viewers.Add(viewer);
            lingerVersion++;
            return true;
        }
    }

    internal void Remove(RelayViewer viewer)
    {
        int version;
        lock (gate)
        {
            viewers = viewers.Remove(viewer);
            if (viewers.Length > 0 || finished)
            {
                return;
            }

            version = ++lingerVersion;
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(options.LingerSeconds));
            lock (gate)
            {
                if (viewers.Length > 0 || lingerVersion != version || finished)
                {
                    return;
                }

                finished = true;
            }

            hub.Forget(this);
            try
            {
                await stop.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // The relay ended on its own meanwhile.
            }
        });
    }

    public void Dispose() => stop.Dispose();

    private async Task RunAsync()
    {
        var failedInARow = 0;
        var index = 0;
        var triedAny = false;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (failedInARow >= candidates.Count)
                {
                    Finish(triedAny ? new UpstreamException("no stream of this channel could be played") : new ProvidersBusyException());
                    return;
                }

                var candidate = candidates[index % candidates.Count];
                index++;
                using var lease = connections.TryAcquire(candidate.ProviderId, candidate.MaxConnections);
                if (lease is null)
                {
                    failedInARow++;
                    continue;
                }

                triedAny = true;
                var before = Interlocked.Read(ref delivered);
                try
                {
                    UpstreamOpens++;
                    await using var answer = await upstream.OpenAsync(candidate.Url, candidate.UserAgent, stop.Token);
                    CurrentStreamId = candidate.StreamId;
                    var aligner = new TsAligner();
                    if (answer.IsPlaylist)
                    {
                        await PumpHlsAsync(answer, candidate, aligner);
                    }
                    else
                    {
                        await PumpAsync(answer.Body, aligner);
                    }

                    if (Interlocked.Read(ref delivered) == before)
                    {
                        throw new UpstreamException("the stream ended without data");
                    }

                    // The provider ended a stream that played: reconnect to the same one.
                    index--;
                    failedInARow = 0;
                }
                catch (Exception ex) when (!stop.IsCancellationRequested && ex is UpstreamException or TsSyncLostException or IOException or HttpRequestException or OperationCanceledException)
                {
                    var played = Interlocked.Read(ref delivered) > before;
                    failedInARow = played ? 1 : failedInARow + 1;
                    var reason = ex is OperationCanceledException ? $"no data for {options.StallTimeoutSeconds:0.#} s" : ex.Message;
                    logger.LogInformation("Channel {ChannelId}: stream {StreamId} failed ({Reason}); trying the next one", ChannelId, candidate.StreamId, reason);
                    connections.CountFailover();
                    events.Failover(candidate, ChannelId);
                    if (candidate.StreamId is { } failedStream)
                    {
                        _ = health.FailedAsync(failedStream, reason, (ex as UpstreamException)?.HttpStatus, (ex as UpstreamException)?.LatencyMs ?? 0);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The last viewer left.
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            logger.LogError(ex, "Relay of channel {ChannelId} crashed", ChannelId);
            Finish(ex);
        }
        finally
        {
            Finish(null);
            Dispose();
        }
    }

    private async Task PumpAsync(Stream body, TsAligner aligner)
    {
        var buffer = new byte[64 * 1024];
        using var read = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var first = true;
        while (true)
        {
            read.CancelAfter(TimeSpan.FromSeconds(options.StallTimeoutSeconds));
            var n = await body.ReadAsync(buffer, read.Token);
            if (n == 0)
            {
                return;
            }

            var packets = aligner.Push(buffer.AsSpan(0, n));
            if (packets.Length > 0)
            {
                if (first && CurrentStreamId is { } playing)
                {
                    first = false;
                    _ = health.PlayedAsync(playing, 0);
                }

                Broadcast(packets);
            }
        }
    }

    /// <summary>An HLS upstream as one TS stream: the best variant's segments in order, the live edge first.</summary>
    private async Task PumpHlsAsync(UpstreamResponse answer, Candidate candidate, TsAligner aligner)
    {
        var playlist = HlsPlaylist.Parse(await Upstream.ReadPlaylistAsync(answer, stop.Token), answer.FinalUri);
        var mediaUri = answer.FinalUri;
        if (playlist.IsMaster)
        {
            mediaUri = playlist.Variants.MaxBy(v => v.Bandwidth).Uri;
            playlist = await FetchPlaylistAsync(mediaUri, candidate);
        }

        var last = -1L;
        var waitedSince = time.GetUtcNow().UtcDateTime;
        var firstRound = true;
        while (!stop.IsCancellationRequested)
        {
            if (playlist.Encrypted)
            {
                throw new UpstreamException("encrypted HLS cannot be relayed as one TS stream");
            }

            var fresh = playlist.Segments.Where(s => s.Sequence > last).ToList();
            if (firstRound && !playlist.EndList && fresh.Count > 3)
            {
                fresh = fresh[^3..];
            }

            firstRound = false;
            foreach (var (sequence, uri) in fresh)
            {
                await using var segment = await upstream.OpenAsync(uri.ToString(), candidate.UserAgent, stop.Token);
                await PumpAsync(segment.Body, aligner);
                last = sequence;
                waitedSince = time.GetUtcNow().UtcDateTime;
            }

            if (playlist.EndList)
            {
                return;
            }

            if (fresh.Count == 0 && time.GetUtcNow().UtcDateTime - waitedSince > TimeSpan.FromSeconds(Math.Max(options.StallTimeoutSeconds, playlist.TargetDuration * 3)))
            {
                throw new UpstreamException("the HLS playlist stopped growing");
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(playlist.TargetDuration / 2, 0.5, 5)), stop.Token);
            playlist = await FetchPlaylistAsync(mediaUri, candidate);
        }
    }

    private async Task<HlsPlaylist> FetchPlaylistAsync(Uri uri, Candidate candidate)
    {
        await using var answer = await upstream.OpenAsync(uri.ToString(), candidate.UserAgent, stop.Token);
        return HlsPlaylist.Parse(await Upstream.ReadPlaylistAsync(answer, stop.Token), answer.FinalUri);
    }

    private void Broadcast(byte[] packets)
    {
        Interlocked.Add(ref delivered, packets.Length);
        foreach (var viewer in viewers)
        {
            if (Interlocked.Read(ref viewer.Queued) + packets.Length > options.ClientBufferBytes)
            {
                logger.LogInformation("Channel {ChannelId}: a viewer fell {Bytes} bytes behind and was disconnected", ChannelId, Interlocked.Read(ref viewer.Queued));
                viewer.Queue.Writer.TryComplete(new SlowViewerException());
                lock (gate)
                {
                    viewers = viewers.Remove(viewer);
                }

                continue;
            }

            Interlocked.Add(ref viewer.Queued, packets.Length);
            viewer.Queue.Writer.TryWrite(packets);
        }
    }

    private void Finish(Exception? error)
    {
        ImmutableArray<RelayViewer> left;
        lock (gate)
        {
            finished = true;
            left = viewers;
            viewers = [];
        }

        hub.Forget(this);
        foreach (var viewer in left)
        {
            viewer.Queue.Writer.TryComplete(error);
        }
    }
}

/// <summary>The live relays of this process, one per channel being watched.</summary>
public sealed class LiveRelayHub(IOptions<PlaybackOptions> options, Upstream upstream, ProviderConnections connections, PlaybackHealthReporter health, PlaybackEventLog events, TimeProvider time, ILogger<LiveRelay> logger)
{
    private readonly ConcurrentDictionary<long, LiveRelay> relays = new();
    private readonly Lock gate = new();

    public IReadOnlyCollection<LiveRelay> Relays => [.. relays.Values];

    public LiveRelay? Find(long channelId) => relays.GetValueOrDefault(channelId);

    /// <summary>Adds a viewer to the channel's relay, starting one (from <paramref name="candidates"/>) if none runs.</summary>
    public RelayViewer Join(long channelId, IReadOnlyList<Candidate> candidates)
    {
        var viewer = new RelayViewer();
        lock (gate)
        {
            if (relays.TryGetValue(channelId, out var running) && running.TryAdd(viewer))
            {
                return viewer;
            }

            var relay = new LiveRelay(this, channelId, candidates, options.Value, upstream, connections, health, events, time, logger);
            relay.TryAdd(viewer);
            relays[channelId] = relay;
            relay.Start();
            return viewer;
        }
    }

    public static void Leave(RelayViewer viewer) => viewer.Relay?.Remove(viewer);

    internal void Forget(LiveRelay relay)
    {
        lock (gate)
        {
            relays.TryRemove(new KeyValuePair<long, LiveRelay>(relay.ChannelId, relay));
        }
    }
}
