using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

// Load test of WS /ws/analytics/live (issue 11): opens CLIENTS admin-authenticated sockets, waits until all are
// connected, then records, for each of BROADCASTS snapshots pushed after that, when every client received it.
// Delay = receive time − the snapshot's own `timestamp` (taken by the server when it starts computing the snapshot,
// so the delay includes the computation, the fan-out to all sockets and the transfer). The server's computation
// count (/metrics) is read before and after, to show one computation per broadcast whatever the number of sockets.
// Usage: m3ustrm-liveload --url http://127.0.0.1:5000 --password ... [--user admin] [--clients 5000] [--broadcasts 5]
//        [--connect-parallel 100] [--timeout 300]
var opts = Args.Parse(args);
var baseUri = new Uri(opts.Get("url"));
var clients = int.Parse(opts.Get("clients", "5000"), CultureInfo.InvariantCulture);
var broadcasts = int.Parse(opts.Get("broadcasts", "5"), CultureInfo.InvariantCulture);
var parallel = int.Parse(opts.Get("connect-parallel", "100"), CultureInfo.InvariantCulture);
var timeout = TimeSpan.FromSeconds(int.Parse(opts.Get("timeout", "300"), CultureInfo.InvariantCulture));
ThreadPool.SetMinThreads(Math.Max(16, Environment.ProcessorCount * 4), 16);

// A precise wall clock: one UTC reading plus a monotonic stopwatch (DateTime.UtcNow alone ticks coarsely on some hosts).
var clockBase = DateTime.UtcNow;
var clockStart = Stopwatch.GetTimestamp();
DateTime Now() => clockBase + Stopwatch.GetElapsedTime(clockStart);

var cookies = new CookieContainer();
using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = baseUri };
using (var login = await http.PostAsJsonAsync("/api/auth/login", new { username = opts.Get("user", "admin"), password = opts.Get("password") }))
{
    if (!login.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"login failed: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
        return 1;
    }
}

var wsUri = new UriBuilder(baseUri) { Scheme = baseUri.Scheme == "https" ? "wss" : "ws", Path = "/ws/analytics/live" }.Uri;
using var stop = new CancellationTokenSource(timeout);
var receipts = new ConcurrentBag<(int Client, DateTime Snapshot, DateTime Received)>();
var failures = new ConcurrentBag<string>();
var closedEarly = 0;
var sockets = new ClientWebSocket[clients];
var readers = new Task[clients];
var allConnectedTicks = long.MaxValue;
var seen = new ConcurrentDictionary<DateTime, int>();
var done = new TaskCompletionSource();
var connectStarted = Stopwatch.GetTimestamp();
using (var gate = new SemaphoreSlim(parallel))
{
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
    {
        readers[i] = Task.CompletedTask;
        await gate.WaitAsync(stop.Token);
        try
        {
            var ws = new ClientWebSocket();
            ws.Options.Cookies = cookies;
            ws.Options.KeepAliveInterval = TimeSpan.Zero;
            await ws.ConnectAsync(wsUri, stop.Token);
            sockets[i] = ws;
            readers[i] = ReadAsync(i, ws);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or OperationCanceledException)
        {
            failures.Add($"client {i}: {ex.Message}");
        }
        finally
        {
            gate.Release();
        }
    }));
}

var connected = sockets.Count(s => s is not null);
Console.WriteLine($"connected {connected}/{clients} sockets in {Stopwatch.GetElapsedTime(connectStarted).TotalSeconds:F1} s"
    + (failures.IsEmpty ? "" : $"; {failures.Count} failed, first: {failures.First()}"));

// Only snapshots computed after every socket was connected count: each must reach all of them.
var metricsBefore = await Metrics.ReadAsync(http);
Volatile.Write(ref allConnectedTicks, Now().Ticks);

// Each client reads from the moment it is connected, so nothing waits in a socket buffer for its reader to start.
async Task ReadAsync(int i, ClientWebSocket ws)
{
    var buffer = new byte[16 * 1024];
    try
    {
        while (!stop.IsCancellationRequested)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await ws.ReceiveAsync(buffer.AsMemory(count), stop.Token);
                count += result.Count;
            }
            while (!result.EndOfMessage && count < buffer.Length);
            var received = Now();
            if (result.MessageType == WebSocketMessageType.Close)
            {
                Interlocked.Increment(ref closedEarly);
                return;
            }

            var stamp = Snapshot.Timestamp(buffer.AsSpan(0, count));
            if (stamp.Ticks > Volatile.Read(ref allConnectedTicks))
            {
                receipts.Add((i, stamp, received));
                seen.AddOrUpdate(stamp, 1, (_, n) => n + 1);
                if (seen.Count > broadcasts)
                {
                    done.TrySetResult();
                }
            }
        }
    }
    catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
    {
        if (!stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref closedEarly);
        }
    }
}

// Wait for BROADCASTS complete snapshots plus the start of the next one, so the last counted one had time to arrive everywhere.
await Task.WhenAny(done.Task, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
await Task.Delay(TimeSpan.FromSeconds(1));
var metricsAfter = await Metrics.ReadAsync(http);
var timedOut = !done.Task.IsCompleted;
await stop.CancelAsync();
foreach (var ws in sockets)
{
    ws?.Abort();
}

await Task.WhenAll(readers);

var counted = seen.Keys.Order().Take(broadcasts).ToHashSet();
var rows = receipts.Where(r => counted.Contains(r.Snapshot)).ToList();
Console.WriteLine($"broadcasts observed: {counted.Count} (wanted {broadcasts}){(timedOut ? " — TIMED OUT" : "")}");
foreach (var b in counted.Order())
{
    var delays = rows.Where(r => r.Snapshot == b).Select(r => (r.Received - r.Snapshot).TotalMilliseconds).Order().ToArray();
    Console.WriteLine($"  snapshot {b:HH:mm:ss.fff}: {delays.Length}/{connected} clients, delay p50 {Pct(delays, 50):F0} ms, p99 {Pct(delays, 99):F0} ms, max {delays.LastOrDefault():F0} ms"
        + $" (first client {delays.FirstOrDefault():F0} ms, so {delays.LastOrDefault() - delays.FirstOrDefault():F0} ms from first to last)");
}

var all = rows.Select(r => (r.Received - r.Snapshot).TotalMilliseconds).Order().ToArray();
var missing = counted.Count * connected - rows.Count;
Console.WriteLine($"all: {all.Length} deliveries, p50 {Pct(all, 50):F0} ms, p99 {Pct(all, 99):F0} ms, max {all.LastOrDefault():F0} ms; missing {missing}; sockets closed by the server {closedEarly}");
var computed = metricsAfter.Computations - metricsBefore.Computations;
var mean = computed == 0 ? 0 : (metricsAfter.SumSeconds - metricsBefore.SumSeconds) / computed * 1000;
Console.WriteLine($"server: {computed:F0} snapshot computations while {seen.Count} broadcasts went to {connected} sockets (mean {mean:F1} ms each), {metricsAfter.Subscribers:F0} live subscribers at the end");
var ok = !timedOut && connected == clients && missing == 0 && closedEarly == 0 && computed <= seen.Count + 1;
Console.WriteLine(ok ? "RESULT ok: every client received every broadcast" : "RESULT FAILED");
return ok ? 0 : 2;

static double Pct(double[] sorted, int p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

internal static class Snapshot
{
    /// <summary>The snapshot's <c>timestamp</c> property (top level), as UTC.</summary>
    public static DateTime Timestamp(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                return reader.GetDateTime().ToUniversalTime();
            }
        }

        throw new InvalidDataException("snapshot without a timestamp: " + Encoding.UTF8.GetString(json));
    }
}

internal sealed record Metrics(double Computations, double SumSeconds, double Subscribers)
{
    public double MeanMs => Computations == 0 ? 0 : SumSeconds / Computations * 1000;

    /// <summary>The live snapshot histogram and subscriber gauge from the server's Prometheus endpoint.</summary>
    public static async Task<Metrics> ReadAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        double Value(string name) => text.Split('\n')
            .Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length == name.Length || l[name.Length] is ' ' or '{'))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)).Sum();
        return new Metrics(
            Value("m3ustrm_analytics_live_snapshot_duration_seconds_count"),
            Value("m3ustrm_analytics_live_snapshot_duration_seconds_sum"),
            Value("m3ustrm_analytics_live_subscribers"));
    }
}

internal sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Args(values);
    }

    public string Get(string name, string? fallback = null) =>
        values.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");
}
