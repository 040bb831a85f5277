using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Playback;

/// <summary>An upstream that could not be used: connect error, HTTP error, wrong content, no data in time.</summary>
public sealed class UpstreamException(string reason, int? httpStatus = null, int latencyMs = 0) : Exception(reason)
{
    public int? HttpStatus { get; } = httpStatus;

    public int LatencyMs { get; } = latencyMs;
}

/// <summary>An open upstream answer whose headers arrived.</summary>
public sealed class UpstreamResponse(HttpResponseMessage response, Stream body, bool isPlaylist, int latencyMs) : IAsyncDisposable
{
    public HttpResponseMessage Response { get; } = response;

    public Stream Body { get; } = body;

    /// <summary>The answer is an HLS playlist (by content type, or by its first bytes).</summary>
    public bool IsPlaylist { get; } = isPlaylist;

    public int LatencyMs { get; } = latencyMs;

    /// <summary>The URL after redirects: relative playlist entries resolve against it.</summary>
    public Uri FinalUri => Response.RequestMessage?.RequestUri ?? throw new InvalidOperationException("no request");

    public async ValueTask DisposeAsync()
    {
        await Body.DisposeAsync();
        Response.Dispose();
    }
}

/// <summary>Opens provider URLs for playback: connect timeout, status and content checks, the provider's user agent.</summary>
public sealed class Upstream(IHttpClientFactory clients, IOptionsMonitor<PlaybackOptions> options)
{
    public const string HttpClientName = "playback";

    private static readonly MediaTypeHeaderValue[] NotVideo = [new("text/html"), new("application/json"), new("text/xml"), new("application/xml")];

    public async Task<UpstreamResponse> OpenAsync(string url, string? userAgent, CancellationToken cancellationToken, Action<HttpRequestMessage>? configure = null)
    {
        var started = Stopwatch.GetTimestamp();
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(TimeSpan.FromSeconds(options.CurrentValue.ConnectTimeoutSeconds));
        HttpResponseMessage? response = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.UserAgent.ParseAdd(string.IsNullOrWhiteSpace(userAgent) ? "M3U-STRM-Processor/1.0" : userAgent);
            configure?.Invoke(request);
            response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connect.Token);
            var latency = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new UpstreamException($"HTTP {(int)response.StatusCode}", (int)response.StatusCode, latency);
            }

            var type = response.Content.Headers.ContentType?.MediaType;
            if (type is not null && Array.Exists(NotVideo, t => string.Equals(t.MediaType, type, StringComparison.OrdinalIgnoreCase)))
            {
                throw new UpstreamException($"answered {type}, not video", (int)response.StatusCode, latency);
            }

            var body = await response.Content.ReadAsStreamAsync(connect.Token);
            var isPlaylist = type is not null && type.Contains("mpegurl", StringComparison.OrdinalIgnoreCase)
                || (response.RequestMessage?.RequestUri?.AbsolutePath.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase) ?? false);
            var result = new UpstreamResponse(response, body, isPlaylist, latency);
            response = null;
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException("no answer within the connect timeout", latencyMs: (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (HttpRequestException ex)
        {
            throw new UpstreamException(ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : $"connection failed: {ex.HttpRequestError}",
                ex.StatusCode is { } code ? (int)code : null, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            response?.Dispose();
        }
    }

    /// <summary>Reads a whole playlist (bounded to 4 MB).</summary>
    public static async Task<string> ReadPlaylistAsync(UpstreamResponse upstream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await upstream.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > 4 * 1024 * 1024)
            {
                throw new UpstreamException("playlist larger than 4 MB");
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

}
