using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace M3uStrm.Server.Tests.Epg;

public enum GuideMode { Normal, NotFound, Html, Truncated }

/// <summary>
/// Serves XMLTV guides over real HTTP (Kestrel, loopback) at <c>/guide/{name}</c>. Fixture guides are moved
/// forward by whole days so their first day is yesterday (wall-clock times and UTC offsets stay as written),
/// because the server keeps only a window around now. Gzip fixtures are served gzip-compressed.
/// </summary>
public sealed partial class EpgGuideHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, byte[]> guides = new();

    private EpgGuideHost(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public GuideMode Mode { get; set; } = GuideMode.Normal;

    public static async Task<EpgGuideHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new EpgGuideHost(app);
        app.MapGet("/guide/{name}", async (string name, HttpContext context) =>
        {
            switch (host.Mode)
            {
                case GuideMode.NotFound:
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                case GuideMode.Html:
                    context.Response.ContentType = "text/html";
                    await context.Response.WriteAsync("<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>");
                    return;
            }

            var bytes = host.guides.GetValueOrDefault(name) ?? [];
            if (host.Mode == GuideMode.Truncated)
            {
                bytes = bytes[..(bytes.Length / 2)];
            }

            context.Response.ContentType = "application/xml";
            await context.Response.Body.WriteAsync(bytes);
        });
        await app.StartAsync();
        host.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return host;
    }

    public string Url(string name) => new Uri(Address, $"/guide/{name}?username=alice&password=s3cret-token").ToString();

    /// <summary>Serves a fixture moved to start yesterday; returns the XML text served (decompressed) for expectations.</summary>
    public string ServeFixture(string name, string relativePath)
    {
        var text = ShiftedFixture(relativePath);
        guides[name] = relativePath.EndsWith(".gz", StringComparison.Ordinal) ? Gzip(text) : Encoding.UTF8.GetBytes(text);
        return text;
    }

    public void Serve(string name, string xml) => guides[name] = Encoding.UTF8.GetBytes(xml);

    public static string ShiftedFixture(string relativePath)
    {
        var path = Path.Combine(FixturePaths.Root, relativePath);
        var bytes = File.ReadAllBytes(path);
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            input.CopyTo(plain);
            bytes = plain.ToArray();
        }

        var text = Encoding.UTF8.GetString(bytes);
        var first = TimeAttribute().Matches(text).Select(m => Parse(m.Groups["t"].Value)).Min();
        // Whole days, so times of day and offsets stay as published; the first programme lands in the last 24 hours,
        // inside the 1-day-back window whatever the time of day the tests run, and the guide covers "now".
        var days = (int)Math.Floor((DateTime.UtcNow - first).TotalDays);
        return TimeAttribute().Replace(text, m => $"{m.Groups["a"].Value}=\"{Parse(m.Groups["t"].Value).AddDays(days).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}");
    }

    private static DateTime Parse(string digits) => DateTime.ParseExact(digits, "yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    [GeneratedRegex("(?<a>start|stop)=\"(?<t>\\d{14})")]
    private static partial Regex TimeAttribute();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
