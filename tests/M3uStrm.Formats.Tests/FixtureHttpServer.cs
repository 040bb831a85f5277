using System.Net;
using System.Net.Sockets;

namespace M3uStrm.Formats.Tests;

/// <summary>A real HTTP server on 127.0.0.1 that answers with a handler; records the requests it saw.</summary>
internal sealed class FixtureHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, (int Status, byte[] Body, string? ContentEncoding)> _handler;
    private readonly Task _loop;

    public FixtureHttpServer(Func<HttpListenerRequest, (int Status, byte[] Body, string? ContentEncoding)> handler)
    {
        _handler = handler;
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; }

    public List<string> Requests { get; } = [];

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            lock (Requests)
            {
                Requests.Add(context.Request.Url!.PathAndQuery);
            }

            var (status, body, encoding) = _handler(context.Request);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (encoding is not null)
            {
                context.Response.AddHeader("Content-Encoding", encoding);
            }

            context.Response.ContentLength64 = body.Length;
            try
            {
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (HttpListenerException)
            {
                // The client gave up (size limit test); nothing to do.
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
