using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace M3uStrm.E2E;

/// <summary>
/// An IPTV provider on real loopback HTTP: an M3U playlist (<c>/m3u/{name}</c>) whose header points at an XMLTV guide
/// (<c>/guide.xml</c>, programmes around the current time) and whose channels are live MPEG-TS streams
/// (<c>/live/{channel}.ts</c>): each request starts its own ffmpeg that encodes a test picture and a tone in real time
/// (<c>-re</c>) and is stopped when the request ends. Counts the stream requests open right now.
/// </summary>
internal sealed class LiveTvProvider : IAsyncDisposable
{
    /// <summary>The playlist's channels: tvg-id, display name, group.</summary>
    public static readonly (string Id, string Name, string Group)[] Channels =
    [
        ("e2e.news", "E2E News", "News"),
        ("e2e.sport", "E2E Sport", "Sport"),
        ("e2e.kids", "E2E Kids", "Kids"),
    ];

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<int, Process> encoders = new();
    private readonly TimeProvider time = TimeProvider.System;
    private int openStreams;

    private LiveTvProvider(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Stream requests being answered right now (each one is an ffmpeg).</summary>
    public int OpenStreams => Volatile.Read(ref openStreams);

    public string PlaylistUrl(string name) => new Uri(Address, $"/m3u/{name}").ToString();

    public static async Task<LiveTvProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new LiveTvProvider(app);
        app.MapGet("/m3u/{name}", () => Results.Text(provider.Playlist(), "audio/x-mpegurl"));
        app.MapGet("/guide.xml", () => Results.Text(provider.Guide(), "application/xml"));
        app.MapGet("/live/{channel}.ts", (string channel, HttpContext context) => provider.StreamAsync(channel, context));
        await app.StartAsync();
        provider.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return provider;
    }

    private string Playlist()
    {
        var text = new StringBuilder($"#EXTM3U url-tvg=\"{new Uri(Address, "/guide.xml")}\"\n");
        foreach (var (id, name, group) in Channels)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:-1 tvg-id=\"{id}\" tvg-name=\"{name}\" group-title=\"{group}\",{name}\n");
            text.Append(CultureInfo.InvariantCulture, $"{new Uri(Address, $"/live/{id}.ts")}\n");
        }

        return text.ToString();
    }

    /// <summary>Half-hour programmes from an hour ago to three hours ahead, so "now" and "next" always exist.</summary>
    private string Guide()
    {
        var now = time.GetUtcNow();
        var first = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
        static string At(DateTimeOffset t) => t.ToString("yyyyMMddHHmmss +0000", CultureInfo.InvariantCulture);
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tv generator-info-name=\"m3ustrm-e2e\">\n");
        foreach (var (id, name, _) in Channels)
        {
            xml.Append(CultureInfo.InvariantCulture, $"  <channel id=\"{id}\"><display-name>{name}</display-name></channel>\n");
        }

        foreach (var (id, name, _) in Channels)
        {
            for (var i = 0; i < 8; i++)
            {
                var start = first.AddMinutes(30 * i);
                xml.Append(CultureInfo.InvariantCulture,
                    $"  <programme start=\"{At(start)}\" stop=\"{At(start.AddMinutes(30))}\" channel=\"{id}\"><title>{name} programme {i + 1}</title><desc>Test card and tone.</desc></programme>\n");
            }
        }

        return xml.Append("</tv>\n").ToString();
    }

    private async Task StreamAsync(string channel, HttpContext context)
    {
        if (!Channels.Any(c => c.Id == channel))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "-v", "error", "-nostdin", "-re",
            "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p", "-g", "25",
            "-c:a", "aac", "-b:a", "64k", "-f", "mpegts", "pipe:1",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var ffmpeg = Process.Start(start) ?? throw new InvalidOperationException("Could not start ffmpeg.");
        encoders[ffmpeg.Id] = ffmpeg;
        Interlocked.Increment(ref openStreams);
        var errors = ffmpeg.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            context.Response.ContentType = "video/mp2t";
            await ffmpeg.StandardOutput.BaseStream.CopyToAsync(context.Response.Body, 16 * 1024, context.RequestAborted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The viewer (the server's relay) went away.
        }
        finally
        {
            Interlocked.Decrement(ref openStreams);
            encoders.TryRemove(ffmpeg.Id, out _);
            Stop(ffmpeg);
            await errors;
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in encoders.Values)
        {
            Stop(process);
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }
}
