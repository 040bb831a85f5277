using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace M3uStrm.Server.Tests.Playback;

/// <summary>
/// A provider's stream server on loopback with real video made by ffmpeg: endless "live" MPEG-TS channels sent at
/// about real-time pace (<c>/live/{name}.ts</c>), one that dies mid-stream (<c>/dies/{name}.ts</c>), one that answers late (<c>/slow/{name}.ts</c>), HLS
/// (<c>/hls/index.m3u8</c>), a movie file with range support (<c>/vod/movie.mp4</c>) and M3U playlists. It counts
/// connections per path so tests can see how many upstream connections the proxy opened.
/// </summary>
public sealed class LiveUpstream : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, string> playlists = new();
    private readonly ConcurrentDictionary<string, int> opened = new();
    private readonly ConcurrentDictionary<string, int> open = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "m3ustrm-live-" + Guid.NewGuid().ToString("N"));
    private WebApplication? app;
    private byte[] ts = [];

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public string Url(string path) => new Uri(Address, path).ToString();

    public void SetPlaylist(string name, string content) => playlists[name] = content;

    /// <summary>Connections ever opened to a path (e.g. <c>/live/a.ts</c>).</summary>
    public int Opened(string path) => opened.GetValueOrDefault(path);

    /// <summary>Connections open now to a path.</summary>
    public int Open(string path) => open.GetValueOrDefault(path);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(folder, "hls"));
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25",
            "-f", "mpegts", Path.Combine(folder, "live.ts"));
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25",
            "-f", "hls", "-hls_time", "1", "-hls_list_size", "0", "-hls_playlist_type", "vod", Path.Combine(folder, "hls", "index.m3u8"));
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-movflags", "+faststart", Path.Combine(folder, "movie.mp4"));
        ts = await File.ReadAllBytesAsync(Path.Combine(folder, "live.ts"));

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            opened.AddOrUpdate(path, 1, (_, n) => n + 1);
            open.AddOrUpdate(path, 1, (_, n) => n + 1);
            try
            {
                await next();
            }
            finally
            {
                open.AddOrUpdate(path, 0, (_, n) => n - 1);
            }
        });
        app.MapGet("/live/{name}.ts", (HttpContext context) => SendAsync(context, long.MaxValue));
        app.MapGet("/dies/{name}.ts", (HttpContext context) => SendAsync(context, 400_000));
        app.MapGet("/slow/{name}.ts", async (HttpContext context) =>
        {
            await Task.Delay(SlowAnswerMs, context.RequestAborted);
            await SendAsync(context, long.MaxValue);
        });
        app.MapGet("/hls/{file}", (string file) =>
        {
            var path = Path.Combine(folder, "hls", Path.GetFileName(file));
            return File.Exists(path) ? Results.File(path, file.EndsWith(".m3u8", StringComparison.Ordinal) ? "application/vnd.apple.mpegurl" : "video/mp2t") : Results.NotFound();
        });
        app.MapGet("/vod/movie.mp4", () => Results.File(Path.Combine(folder, "movie.mp4"), "video/mp4", enableRangeProcessing: true));
        app.MapGet("/m3u/{name}", (string name) => Results.Text(playlists.GetValueOrDefault(name) ?? "", "audio/x-mpegurl"));
        await app.StartAsync();
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    /// <summary>How long <c>/slow/{name}.ts</c> waits before it answers.</summary>
    public const int SlowAnswerMs = 300;

    public long MovieLength => new FileInfo(Path.Combine(folder, "movie.mp4")).Length;

    /// <summary>The TS file in a loop, 32 KB every 20 ms (about 13 Mbit/s: faster than real time, slow enough to stay "live"); aborts after <paramref name="limit"/> bytes.</summary>
    private async Task SendAsync(HttpContext context, long limit)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "video/mp2t";
        long sent = 0;
        var position = 0;
        try
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                var size = (int)Math.Min(32 * 1024, Math.Min(ts.Length - position, limit - sent));
                if (size <= 0)
                {
                    context.Abort();
                    return;
                }

                await context.Response.Body.WriteAsync(ts.AsMemory(position, size), context.RequestAborted);
                sent += size;
                position = (position + size) % ts.Length;
                await Task.Delay(20, context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Directory.Delete(folder, recursive: true);
    }

    internal static async Task FfmpegAsync(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-v", "error", "-y" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ffmpeg failed: {await errors}");
    }
}
