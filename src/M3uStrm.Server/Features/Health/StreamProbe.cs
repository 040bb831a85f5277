using System.Text;

namespace M3uStrm.Server.Features.Health;

/// <summary>The outcome of probing one stream URL.</summary>
public sealed record ProbeResult(bool Ok, int LatencyMs, int? HttpStatus, string? Reason);

/// <summary>
/// Checks that a URL really delivers a stream: MPEG-TS sync bytes, an HLS playlist whose first segment
/// answers, or a video content type. One timeout covers connecting and the first bytes.
/// </summary>
public sealed class StreamProbe(IHttpClientFactory clients, TimeProvider time, IConfiguration configuration)
{
    public const string HttpClientName = "health";
    public const string HtmlReason = "HTML page instead of a stream";
    private const int TsPacket = 188;
    private const int FirstBytes = 4096;
    private const int MaxPlaylistBytes = 1024 * 1024;

    private TimeSpan Timeout => TimeSpan.FromSeconds(configuration.GetValue("Health:TimeoutSeconds", 10.0));

    public async Task<ProbeResult> ProbeAsync(string url, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await CheckAsync(new Uri(url), depth: 0, started, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, Elapsed(started), null, $"no answer within {Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return new ProbeResult(false, Elapsed(started), (int?)ex.StatusCode, Short($"connection failed: {ex.Message}"));
        }
        catch (UriFormatException)
        {
            return new ProbeResult(false, 0, null, "invalid URL");
        }
    }

    private int Elapsed(long started) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(started).TotalMilliseconds);

    private static string Short(string text) => text.Length > 500 ? text[..500] : text;

    private async Task<ProbeResult> CheckAsync(Uri url, int depth, long started, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(HttpClientName);
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            return new ProbeResult(false, Elapsed(started), status, $"HTTP {status}");
        }

        var contentType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant() ?? "";
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var (bytes, closed) = await ReadAsync(body, FirstBytes, cancellationToken);
        var latency = Elapsed(started);
        ProbeResult Fail(string reason) => new(false, latency, status, reason);

        if (IsTransportStream(bytes))
        {
            return new ProbeResult(true, latency, status, null);
        }

        var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (text.StartsWith("#EXTM3U", StringComparison.Ordinal))
        {
            if (!closed)
            {
                var (rest, _) = await ReadAsync(body, MaxPlaylistBytes, cancellationToken);
                text += Encoding.UTF8.GetString(rest);
            }

            var playlistUri = response.RequestMessage?.RequestUri ?? url;
            return await CheckPlaylistAsync(playlistUri, text, depth, latency, status, cancellationToken);
        }

        if (contentType == "text/html" || text.StartsWith('<'))
        {
            return Fail(HtmlReason);
        }

        if (bytes.Length == 0)
        {
            return Fail("empty answer");
        }

        if (closed && bytes.Length < FirstBytes)
        {
            return Fail($"connection closed after {bytes.Length} bytes");
        }

        return contentType.StartsWith("video/", StringComparison.Ordinal) || contentType == "application/octet-stream"
            ? new ProbeResult(true, latency, status, null)
            : Fail($"not a stream (content type '{contentType}')");
    }

    private async Task<ProbeResult> CheckPlaylistAsync(Uri playlistUri, string text, int depth, int latency, int status, CancellationToken cancellationToken)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var master = lines.Any(l => l.StartsWith("#EXT-X-STREAM-INF", StringComparison.Ordinal));
        var first = lines.FirstOrDefault(l => !l.StartsWith('#'));
        if (first is null)
        {
            return new ProbeResult(false, latency, status, master ? "HLS master playlist without variants" : "HLS playlist without segments");
        }

        if (depth >= 2)
        {
            return new ProbeResult(false, latency, status, "HLS playlists nested too deep");
        }

        var next = new Uri(playlistUri, first);
        var client = clients.CreateClient(HttpClientName);
        if (master)
        {
            var variant = await CheckAsync(next, depth + 1, time.GetTimestamp(), cancellationToken);
            return variant.Ok ? new ProbeResult(true, latency, status, null) : new ProbeResult(false, latency, status, $"HLS variant: {variant.Reason}");
        }

        using var segment = await client.GetAsync(next, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!segment.IsSuccessStatusCode)
        {
            return new ProbeResult(false, latency, status, $"HLS segment: HTTP {(int)segment.StatusCode}");
        }

        await using var segmentBody = await segment.Content.ReadAsStreamAsync(cancellationToken);
        var (bytes, _) = await ReadAsync(segmentBody, TsPacket * 4, cancellationToken);
        return bytes.Length == 0
            ? new ProbeResult(false, latency, status, "HLS segment: empty answer")
            : new ProbeResult(true, latency, status, null);
    }

    /// <summary>Reads up to <paramref name="max"/> bytes; <c>closed</c> when the answer ended (or broke off) first.</summary>
    private static async Task<(byte[] Bytes, bool Closed)> ReadAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        var buffer = new byte[max];
        var read = 0;
        try
        {
            while (read < max)
            {
                var n = await body.ReadAsync(buffer.AsMemory(read), cancellationToken);
                if (n == 0)
                {
                    return (buffer[..read], true);
                }

                read += n;
            }
        }
        catch (IOException)
        {
            return (buffer[..read], true);
        }

        return (buffer[..read], false);
    }

    /// <summary>MPEG-TS: the sync byte 0x47 at 188-byte intervals (at least three packets), from some offset in the first packet.</summary>
    internal static bool IsTransportStream(ReadOnlySpan<byte> bytes)
    {
        for (var offset = 0; offset < TsPacket && offset + (2 * TsPacket) < bytes.Length; offset++)
        {
            var ok = true;
            for (var i = offset; i < bytes.Length; i += TsPacket)
            {
                if (bytes[i] != 0x47)
                {
                    ok = false;
                    break;
                }
            }

            if (ok)
            {
                return true;
            }
        }

        return false;
    }
}
