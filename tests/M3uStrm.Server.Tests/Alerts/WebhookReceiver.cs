using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace M3uStrm.Server.Tests.Alerts;

/// <summary>A webhook endpoint on real HTTP (Kestrel, loopback) that records every POST per path and answers a status set per path.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonElement>> received = new();
    private readonly ConcurrentDictionary<string, int> statuses = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{**path}", async (string path, HttpContext context) =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            receiver.received.GetOrAdd(path, _ => new()).Enqueue(document.RootElement.Clone());
            context.Response.StatusCode = receiver.statuses.GetValueOrDefault(path, StatusCodes.Status204NoContent);
        });
        await app.StartAsync();
        receiver.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return receiver;
    }

    /// <summary>A URL under this receiver, with a secret-looking path like Discord's and Slack's.</summary>
    public string Url(string path) => new Uri(Address, "/hooks/" + path).ToString();

    public void AnswerWith(string path, int status) => statuses[path] = status;

    public IReadOnlyList<JsonElement> Received(string path) => received.TryGetValue(path, out var queue) ? [.. queue] : [];

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
