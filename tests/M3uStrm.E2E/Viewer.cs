using System.Diagnostics;

namespace M3uStrm.E2E;

/// <summary>
/// A player watching one live channel through the server's playback endpoint: an HTTP client that keeps reading the
/// MPEG-TS answer until it is stopped, and keeps the first bytes so ffprobe can say what they are.
/// </summary>
internal sealed class Viewer : IAsyncDisposable
{
    private const int KeptBytes = 512 * 1024;

    private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource stop = new();
    private readonly MemoryStream kept = new();
    private readonly TaskCompletionSource<int> status = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long received;
    private Task reading = Task.CompletedTask;

    /// <summary>Bytes received so far.</summary>
    public long Received => Interlocked.Read(ref received);

    public static Viewer Start(Uri url)
    {
        var viewer = new Viewer();
        viewer.reading = viewer.ReadAsync(url);
        return viewer;
    }

    private async Task ReadAsync(Uri url)
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stop.Token);
            status.TrySetResult((int)response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, stop.Token)) > 0)
            {
                lock (kept)
                {
                    if (kept.Length < KeptBytes)
                    {
                        kept.Write(buffer, 0, (int)Math.Min(read, KeptBytes - kept.Length));
                    }
                }

                Interlocked.Add(ref received, read);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
            status.TrySetException(ex);
        }
    }

    /// <summary>The answer's status code.</summary>
    public Task<int> StatusAsync() => status.Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Waits until at least <paramref name="bytes"/> arrived (the stream is live, so this takes real time).</summary>
    public async Task WaitForBytesAsync(long bytes, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Received < bytes)
        {
            if (clock.Elapsed > timeout || reading.IsCompleted)
            {
                throw new TimeoutException($"Got {Received} of {bytes} bytes from the playback endpoint in {clock.Elapsed.TotalSeconds:0.#} s (stream ended: {reading.IsCompleted}).");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Closes the connection, as a player does when the user stops watching.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await reading;
    }

    /// <summary>The codecs ffprobe finds in the first bytes received, e.g. <c>video:h264</c>, <c>audio:aac</c>.</summary>
    public async Task<IReadOnlyList<string>> ProbeAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"m3ustrm-e2e-{Guid.NewGuid():N}.ts");
        lock (kept)
        {
            File.WriteAllBytes(file, kept.ToArray());
        }

        try
        {
            var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of", "csv=p=0:nk=1", file })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start ffprobe.");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"ffprobe failed: {await errors}");
            // csv prints each stream's fields in their internal order: codec_name, codec_type.
            return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split(','))
                .Where(parts => parts.Length == 2)
                .Select(parts => $"{parts[1]}:{parts[0]}")
                .ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        http.Dispose();
        stop.Dispose();
        kept.Dispose();
    }
}
