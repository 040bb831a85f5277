using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;

namespace M3uStrm.Server.Tests.Infrastructure;

/// <summary>
/// The real server on Kestrel (real HTTP on a loopback port) over a real database, with a known admin
/// password so tests can sign in. One instance per test class (xunit class fixture).
/// </summary>
public class ServerFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminPassword = "correct-horse-42-battery";

    private readonly Dictionary<string, string?> extraSettings = [];
    private readonly bool ownsDatabase;

    public ServerFactory()
        : this(TestDatabase.Create(), ownsDatabase: true)
    {
    }

    /// <summary>A server over <paramref name="database"/>; several in turn over one database act as restarts of one server.</summary>
    protected ServerFactory(TestDatabase database, bool ownsDatabase)
    {
        Database = database;
        this.ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    /// <summary>The Kestrel address the server listens on (a free loopback port).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Adds or overrides a configuration key before the server starts.</summary>
    public ServerFactory With(string key, string? value)
    {
        extraSettings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in Database.Settings())
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Admin:Password", AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in extraSettings)
        {
            builder.UseSetting(key, value);
        }
    }

    public Task InitializeAsync()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return Task.CompletedTask;
    }

    /// <summary>A client that keeps cookies and sends our Origin, like the browser UI does.</summary>
    public HttpClient Browser()
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new(), AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return client;
    }

    /// <summary>A client that never stores cookies: each request is a stranger.</summary>
    public HttpClient Anonymous() => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    public async Task<HttpClient> SignedInAsync(string username = "admin", string password = AdminPassword)
    {
        var client = Browser();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { username, password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>Creates a user through the admin API and returns a signed-in client for it.</summary>
    public async Task<HttpClient> SignedInAsNewUserAsync(string role = "user")
    {
        var admin = await SignedInAsync();
        var username = $"{role}-{Guid.NewGuid():N}"[..16];
        const string password = "user-password-1234";
        var created = await admin.PostAsJsonAsync("/api/admin/users", new { username, password, role });
        created.EnsureSuccessStatusCode();
        return await SignedInAsync(username, password);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}
