using System.Net.WebSockets;
using M3uStrm.Server.Features.Auth;

namespace M3uStrm.Server.Features.Analytics;

/// <summary>
/// <c>WS /ws/analytics/live</c>: admin only. Authorization runs before the upgrade (anonymous 401, other roles 403);
/// the socket then only relays what <see cref="LiveSnapshotBroadcaster"/> computed for everyone.
/// </summary>
internal static class LiveEndpoint
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    public static void Map(IEndpointRouteBuilder app) =>
        app.Map("/ws/analytics/live", Live).WithTags("Analytics").RequireAuthorization(AuthSetup.AdminPolicy).ExcludeFromDescription();

    internal static async Task Live(HttpContext context, LiveSnapshotBroadcaster broadcaster)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("Connect with a WebSocket.", context.RequestAborted);
            return;
        }

        // A browser sends its cookie on a cross-site WebSocket too: only our own pages may use it.
        if (context.Request.Headers.Origin.ToString() is { Length: > 0 } origin
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var o) || !string.Equals(o.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var subscriber = await broadcaster.SubscribeAsync(context.RequestAborted);
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var receiving = ReceiveUntilClosedAsync(socket, closed);
        try
        {
            await foreach (var payload in subscriber.Reader.ReadAllAsync(closed.Token))
            {
                using var send = CancellationTokenSource.CreateLinkedTokenSource(closed.Token);
                send.CancelAfter(SendTimeout);
                await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, send.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client left, or stopped reading.
        }
        finally
        {
            broadcaster.Unsubscribe(subscriber);
            await closed.CancelAsync();
            await receiving;
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                // Answer the client's close, or (dropped as a laggard, shutting down) say why instead of just vanishing.
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    var status = socket.State == WebSocketState.CloseReceived ? WebSocketCloseStatus.NormalClosure : WebSocketCloseStatus.PolicyViolation;
                    await socket.CloseOutputAsync(status, null, timeout.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
                {
                }
            }
        }
    }

    /// <summary>The dashboard sends nothing; reading is how a close from the client is noticed.</summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[256];
        try
        {
            while (!closed.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            await closed.CancelAsync();
        }
    }
}
