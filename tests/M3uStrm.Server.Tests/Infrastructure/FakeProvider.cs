using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace M3uStrm.Server.Tests.Infrastructure;

public enum FakeMode { Normal, Timeout, Unauthorized, Html, Truncated, Empty }

/// <summary>
/// An IPTV provider on real HTTP (Kestrel, loopback): M3U playlists at <c>/m3u/{name}</c> and an Xtream
/// API at <c>/player_api.php</c> answering from the fixture captures. Its answers can be changed or broken.
/// </summary>
public sealed class FakeProvider : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, string> playlists = new();

    private FakeProvider(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public FakeMode Mode { get; set; } = FakeMode.Normal;

    /// <summary>Folder with the Xtream captures (auth.json, get_live_streams.json, ...).</summary>
    public string XtreamFolder { get; set; } = Path.Combine(FixturePaths.Root, "xtream/tellytv-go.xtream-codes/iris");

    private int requests;

    public int Requests => Volatile.Read(ref requests);

    public static async Task<FakeProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeProvider(app);
        app.MapGet("/m3u/{name}", (string name, HttpContext context) => fake.ServeAsync(context, () => fake.playlists.GetValueOrDefault(name) ?? "", "audio/x-mpegurl"));
        app.MapGet("/player_api.php", (HttpContext context) => fake.ServeAsync(context, () => fake.XtreamAnswer(context.Request.Query), "application/json"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.Address = new Uri(address);
        return fake;
    }

    public void SetPlaylist(string name, string content) => playlists[name] = content;

    public string PlaylistUrl(string name) => new Uri(Address, $"/m3u/{name}?username=alice&password=s3cret-token").ToString();

    private async Task ServeAsync(HttpContext context, Func<string> body, string contentType)
    {
        Interlocked.Increment(ref requests);
        switch (Mode)
        {
            case FakeMode.Timeout:
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case FakeMode.Unauthorized:
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            case FakeMode.Html:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>");
                return;
        }

        var text = body();
        if (Mode == FakeMode.Empty)
        {
            text = contentType == "application/json" ? (context.Request.Query["action"].ToString() == "" ? text : "[]") : "#EXTM3U\n";
        }
        else if (Mode == FakeMode.Truncated)
        {
            text = text[..(text.Length / 3)];
        }

        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(text);
    }

    private string XtreamAnswer(IQueryCollection query)
    {
        var action = query["action"].ToString();
        var file = action switch
        {
            "" => "auth.json",
            "get_series_info" => Path.Combine(FixturePaths.Root, "parser-cases/xtream-api-ektotv/raw/show.json"),
            _ => action + ".json",
        };
        var path = Path.IsPathRooted(file) ? file : Path.Combine(XtreamFolder, file);
        return File.Exists(path) ? File.ReadAllText(path) : "[]";
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public static class FixturePaths
{
    public static string Root { get; } = Path.GetFullPath(
        Environment.GetEnvironmentVariable("M3USTRM_FIXTURES") is { Length: > 0 } env ? env
        : typeof(FixturePaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "FixturesDirectory").Value!);
}
