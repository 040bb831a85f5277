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

namespace M3uStrm.Server.Tests.Health;

/// <summary>
/// Real video made by ffmpeg (640×360 H.264, MPEG-TS and HLS; 1280×720 H.264 50 fps and 1920×1080 HEVC under /media/content/) served on loopback HTTP, plus misbehaving
/// endpoints (never answers, 404, HTML, closes after a few bytes) and M3U playlists for providers.
/// </summary>
public sealed class MediaServer : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, string> playlists = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "m3ustrm-media-" + Guid.NewGuid().ToString("N"));
    private WebApplication? app;

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>When set, <c>/media/switch.ts</c> answers 404.</summary>
    public bool SwitchBroken { get; set; }

    public string Url(string path) => new Uri(Address, path).ToString();

    public void SetPlaylist(string name, string content) => playlists[name] = content;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(folder, "hls"));
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-f", "mpegts", Path.Combine(folder, "live.ts"));
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25",
            "-f", "hls", "-hls_time", "1", "-hls_list_size", "0", "-hls_playlist_type", "vod", Path.Combine(folder, "hls", "index.m3u8"));
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=1280x720:rate=50", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-f", "mpegts", Path.Combine(folder, "hd50.ts"));
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=1920x1080:rate=25", "-t", "2", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error",
            "-pix_fmt", "yuv420p", "-f", "mpegts", Path.Combine(folder, "fhd-hevc.ts"));

        // Content-check samples, 4 s each with AAC audio: black, frozen (a still image), silent, and a normal picture with a tone.
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=320x240", "-frames:v", "1", Path.Combine(folder, "still.png"));
        await ContentAsync("black.ts", ["-f", "lavfi", "-i", "color=black:size=320x240:rate=25"], ["-f", "lavfi", "-i", "sine=frequency=440"]);
        await ContentAsync("frozen.ts", ["-loop", "1", "-framerate", "25", "-i", Path.Combine(folder, "still.png")], ["-f", "lavfi", "-i", "sine=frequency=440"]);
        await ContentAsync("silent.ts", ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"], ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo"]);
        await ContentAsync("tone.ts", ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"], ["-f", "lavfi", "-i", "sine=frequency=440"]);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        var ts = Path.Combine(folder, "live.ts");
        app.MapGet("/media/live.ts", () => Results.File(ts, "video/mp2t"));
        app.MapGet("/media/hls/{file}", (string file) =>
        {
            var path = Path.Combine(folder, "hls", Path.GetFileName(file));
            return File.Exists(path) ? Results.File(path, file.EndsWith(".m3u8", StringComparison.Ordinal) ? "application/vnd.apple.mpegurl" : "video/mp2t") : Results.NotFound();
        });
        app.MapGet("/media/master.m3u8", () => Results.Text("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nhls/index.m3u8\n", "application/vnd.apple.mpegurl"));
        app.MapGet("/media/broken-hls.m3u8", () => Results.Text("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nmissing-segment.ts\n#EXT-X-ENDLIST\n", "application/vnd.apple.mpegurl"));
        app.MapGet("/media/hang", async (HttpContext context) => await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        app.MapGet("/media/missing", () => Results.NotFound());
        app.MapGet("/media/html", () => Results.Text("<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>", "text/html"));
        app.MapGet("/media/cut", async (HttpContext context) =>
        {
            context.Response.ContentType = "video/mp2t";
            context.Response.ContentLength = 1_000_000;
            await context.Response.Body.WriteAsync(new byte[] { 0x47, 0x40, 0x00, 0x10, 0x00, 0x00, 0xB0, 0x0D, 0x00, 0x01 });
            await context.Response.Body.FlushAsync();
            // Give the bytes time to reach the client before the connection is reset.
            await Task.Delay(300);
            context.Abort();
        });
        app.MapGet("/media/content/{file}", (string file) =>
        {
            var path = Path.Combine(folder, Path.GetFileName(file));
            return file.EndsWith(".ts", StringComparison.Ordinal) && File.Exists(path) ? Results.File(path, "video/mp2t") : Results.NotFound();
        });
        app.MapGet("/media/switch.ts", () => SwitchBroken ? Results.NotFound() : Results.File(ts, "video/mp2t"));
        app.MapGet("/m3u/{name}", (string name) => Results.Text(playlists.GetValueOrDefault(name) ?? "", "audio/x-mpegurl"));
        await app.StartAsync();
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
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

    private Task ContentAsync(string name, string[] video, string[] audio) =>
        FfmpegAsync([.. video, .. audio, "-t", "4", "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25",
            "-c:a", "aac", "-f", "mpegts", Path.Combine(folder, name)]);

    private static async Task FfmpegAsync(params string[] args)
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
