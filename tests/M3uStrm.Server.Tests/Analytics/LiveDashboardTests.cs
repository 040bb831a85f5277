using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using M3uStrm.Server.Features.Analytics;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests.Analytics;

internal static class LiveSockets
{
    public static Uri Url(ServerFactory server) => new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/ws/analytics/live" }.Uri;

    public static async Task<string> TokenAsync(ServerFactory server, string username, string password)
    {
        var response = await server.Anonymous().PostAsJsonAsync("/api/auth/token", new { username, password });
        response.EnsureSuccessStatusCode();
        var body = await response.ReadJsonAsync();
        return (body.TryGetProperty("access_token", out var token) ? token : body.GetProperty("accessToken")).GetString()!;
    }

    public static async Task<ClientWebSocket> ConnectAsync(ServerFactory server, string? bearer, System.Net.CookieContainer? cookies = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (bearer is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        }

        if (cookies is not null)
        {
            socket.Options.Cookies = cookies;
        }

        await socket.ConnectAsync(Url(server), CancellationToken.None);
        return socket;
    }

    public static async Task<JsonElement> ReceiveAsync(WebSocket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cts.Token);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);
        return JsonDocument.Parse(text.ToString()).RootElement.Clone();
    }
}

public sealed class LiveDashboardTests(AnalyticsFactory server) : IClassFixture<AnalyticsFactory>
{
    [Fact]
    public async Task Anonymous_is_refused_with_401_and_a_plain_user_with_403_before_the_upgrade()
    {
        var anonymous = new ClientWebSocket();
        anonymous.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => anonymous.ConnectAsync(LiveSockets.Url(server), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.HttpStatusCode);

        var admin = await server.SignedInAsync();
        await AnalyticsData.UserAsync(admin, "live-plain");
        var token = await LiveSockets.TokenAsync(server, "live-plain", "user-password-1234");
        var user = new ClientWebSocket();
        user.Options.CollectHttpResponseDetails = true;
        user.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await Assert.ThrowsAsync<WebSocketException>(() => user.ConnectAsync(LiveSockets.Url(server), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, user.HttpStatusCode);
    }

    [Fact]
    public async Task Admin_gets_a_snapshot_on_connect_and_a_push_within_two_seconds_of_a_new_session()
    {
        var admin = await server.SignedInAsync();
        var channel = (await AnalyticsData.ChannelsAsync(server, "Live", 1))[0];
        var token = await LiveSockets.TokenAsync(server, "admin", ServerFactory.AdminPassword);
        using var socket = await LiveSockets.ConnectAsync(server, token);
        var first = await LiveSockets.ReceiveAsync(socket, TimeSpan.FromSeconds(10));
        Assert.Equal(["active_viewers", "most_watched", "stream_health", "timestamp"], first.EnumerateObject().Select(p => p.Name));
        Assert.True(first.GetProperty("stream_health").TryGetProperty("alive", out _));
        Assert.True(first.GetProperty("stream_health").TryGetProperty("dead", out _));
        var viewers = first.GetProperty("active_viewers").GetInt32();

        await Task.Delay(1100); // past the one-push-a-second throttle
        var created = await admin.PostAsJsonAsync("/api/analytics/history", new { channel_id = channel.Id });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var started = DateTime.UtcNow;
        var pushed = await LiveSockets.ReceiveAsync(socket, TimeSpan.FromSeconds(2));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
        Assert.Equal(viewers + 1, pushed.GetProperty("active_viewers").GetInt32());
        var top = pushed.GetProperty("most_watched").EnumerateArray().First();
        Assert.Equal(channel.Id, top.GetProperty("id").GetInt64());
        Assert.Equal(channel.Name, top.GetProperty("name").GetString());
        Assert.Equal(1, top.GetProperty("viewers").GetInt32());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }
}

public sealed class LiveFanOutTests(AnalyticsFactory server) : IClassFixture<AnalyticsFactory>
{
    [Fact]
    public async Task A_hundred_clients_get_the_same_snapshot_from_one_computation()
    {
        var token = await LiveSockets.TokenAsync(server, "admin", ServerFactory.AdminPassword);
        var broadcaster = server.Services.GetRequiredService<LiveSnapshotBroadcaster>();
        using (var warm = await LiveSockets.ConnectAsync(server, token))
        {
            await LiveSockets.ReceiveAsync(warm, TimeSpan.FromSeconds(10));
        }

        var computations = broadcaster.Computations;
        var sockets = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => LiveSockets.ConnectAsync(server, token)));
        var snapshots = await Task.WhenAll(sockets.Select(s => LiveSockets.ReceiveAsync(s, TimeSpan.FromSeconds(10))));
        Assert.Single(snapshots.Select(s => s.GetProperty("timestamp").GetString()).Distinct());
        Assert.Equal(computations, broadcaster.Computations);
        Assert.True(broadcaster.Subscribers >= 100);
        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }
    }
}

public sealed class LiveLaggardTests(AnalyticsFactory server) : IClassFixture<AnalyticsFactory>
{
    [Fact]
    public async Task A_subscriber_that_stops_reading_is_dropped_while_the_others_keep_receiving()
    {
        var broadcaster = server.Services.GetRequiredService<LiveSnapshotBroadcaster>();
        var tracker = server.Services.GetRequiredService<M3uStrm.Server.Features.Playback.SessionTracker>();
        var stuck = await broadcaster.SubscribeAsync(CancellationToken.None);
        var token = await LiveSockets.TokenAsync(server, "admin", ServerFactory.AdminPassword);
        using var reader = await LiveSockets.ConnectAsync(server, token);
        await LiveSockets.ReceiveAsync(reader, TimeSpan.FromSeconds(10));

        // Each change pushes one snapshot (at most one a second); the stuck queue holds four, the fifth drops it.
        for (var i = 0; i < 5; i++)
        {
            tracker.NotifyChanged();
            await LiveSockets.ReceiveAsync(reader, TimeSpan.FromSeconds(3));
        }

        Assert.Equal(4, stuck.Reader.Count);
        while (stuck.Reader.TryRead(out _))
        {
        }

        // Nothing more will ever come: the broadcaster closed its queue.
        Assert.True(stuck.Reader.Completion.IsCompleted);
    }
}
