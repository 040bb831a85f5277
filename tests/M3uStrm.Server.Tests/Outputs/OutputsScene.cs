using System.Globalization;
using System.Text;
using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Tests.Epg;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Sdk;

namespace M3uStrm.Server.Tests.Outputs;

[CollectionDefinition(Name)]
public sealed class OutputsCollection : ICollectionFixture<OutputsScene>
{
    public const string Name = "outputs";
}

/// <summary>
/// One server with content, shared by the output tests, seeded only through the API from providers on real HTTP:
/// <list type="bullet">
/// <item>"beijing": the Beijing Unicom playlist (230 numbered channels in Chinese groups, tvg-ids) whose header
///   announces its guide, so channels get programmes through the automatic mapping;</item>
/// <item>"leak": a playlist whose stream and VOD URLs carry a marker host and marker credentials, with logos on the
///   provider's own host, logos carrying its credentials and clean logos;</item>
/// <item>"xtream": an Xtream provider (movies and series from the iris captures) with marker credentials.</item>
/// </list>
/// Users: a viewer (the one players log in as), a disabled user, and "tuner", the dedicated HDHomeRun account.
/// </summary>
public sealed class OutputsScene : IAsyncLifetime
{
    public const string LeakHost = "leak-marker-q7z.example";
    public const string LeakUser = "leakuser-q7z";
    public const string LeakPassword = "leakpass-q7z";
    public const string XtreamProviderUser = "xtuser-q7z";
    public const string XtreamProviderPassword = "xtpass-q7z";
    public const string CleanLogoHost = "logos.example.org";
    public const string TunerUser = "tuner";
    public const int LeakChannels = 12;
    public const int LeakMovies = 4;

    public OutputsServerFactory Server { get; } = new();

    public FakeProvider Provider { get; private set; } = null!;

    public EpgGuideHost Guides { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>The viewer players log in as.</summary>
    public Viewer Viewer { get; private set; } = null!;

    /// <summary>A user an admin disabled: their token and Xtream login open nothing.</summary>
    public Viewer Disabled { get; private set; } = null!;

    public Viewer Tuner { get; private set; } = null!;

    public string BaseUrl => Server.BaseAddress.ToString().TrimEnd('/');

    /// <summary>Where the fake provider answers: its host and port are a provider trace that must never leak.</summary>
    public string ProviderAuthority => $"127.0.0.1:{Provider.Address.Port}";

    /// <summary>Every string that would give a provider away if an output contained it.</summary>
    public IReadOnlyList<string> Markers => [LeakHost, LeakUser, LeakPassword, XtreamProviderUser, XtreamProviderPassword, ProviderAuthority, "s3cret-token"];

    public async Task InitializeAsync()
    {
        Provider = await FakeProvider.StartAsync();
        Guides = await EpgGuideHost.StartAsync();
        await Server.InitializeAsync();
        Admin = await Server.SignedInAsync();

        await SyncBeijingAsync();
        await SyncLeakAsync();
        await SyncXtreamAsync();

        Viewer = await CreateUserAsync($"viewer-{Guid.NewGuid():N}"[..14]);
        Tuner = await CreateUserAsync(TunerUser);
        Disabled = await CreateUserAsync($"gone-{Guid.NewGuid():N}"[..12]);
        var disabled = await Admin.PutJsonAsync($"/api/admin/users/{Disabled.Id}", new { enabled = false });
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
    }

    private async Task SyncBeijingAsync()
    {
        Guides.ServeFixture("beijing.xml.gz", "xmltv/beijing-unicom/epg.xml.gz");
        var text = await File.ReadAllTextAsync(Path.Combine(FixturePaths.Root, "m3u/beijing-unicom/iptv-multicast.m3u"));
        var header = text[..text.IndexOf('\n', StringComparison.Ordinal)];
        var start = header.IndexOf("x-tvg-url=\"", StringComparison.Ordinal) + "x-tvg-url=\"".Length;
        Provider.SetPlaylist("beijing", text.Replace(header[start..header.IndexOf('"', start)], Guides.Url("beijing.xml.gz"), StringComparison.Ordinal));
        var id = await CreateProviderAsync(new { name = "beijing", kind = "m3u_url", url = Provider.PlaylistUrl("beijing"), import_vod = false });
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(Admin, id));

        // The sync added the header's guide as a source and queued its refresh; the mapping follows the refresh.
        for (var i = 0; i < 1200; i++)
        {
            var sources = await (await Admin.GetAsync("/api/admin/epg/sources")).ReadJsonAsync();
            var source = sources.EnumerateArray().FirstOrDefault(s => s.GetProperty("kind").GetString() == EpgSourceKinds.ProviderM3u);
            if (source.ValueKind == JsonValueKind.Object && source.GetProperty("last_refresh_status").ValueKind == JsonValueKind.String)
            {
                Assert.Equal("succeeded", source.GetProperty("last_refresh_status").GetString());
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the Beijing guide was not refreshed");
    }

    private async Task SyncLeakAsync()
    {
        var playlist = new StringBuilder("#EXTM3U\n");
        for (var i = 1; i <= LeakChannels; i++)
        {
            // A third of the logos sit on the provider's own host, a third carry its password, a third are clean.
            var logo = (i % 3) switch
            {
                0 => $"http://{ProviderAuthority}/images/logo-{i}.png",
                1 => $"http://img.example.net/logo-{i}.png?token={LeakPassword}",
                _ => $"http://{CleanLogoHost}/logo-{i}.png",
            };
            var group = i % 2 == 0 ? "Leak News" : "Leak Sports";
            playlist.Append(CultureInfo.InvariantCulture,
                $"#EXTINF:-1 tvg-id=\"leak{i}.example\" tvg-name=\"Leak Channel {i}\" tvg-logo=\"{logo}\" group-title=\"{group}\",Leak Channel {i}\n");
            playlist.Append(CultureInfo.InvariantCulture, $"http://{LeakHost}:8080/live/{LeakUser}/{LeakPassword}/{1000 + i}.ts\n");
        }

        for (var i = 1; i <= LeakMovies; i++)
        {
            var poster = i % 2 == 0 ? $"http://{ProviderAuthority}/posters/{i}.jpg" : $"http://{CleanLogoHost}/poster-{i}.jpg";
            playlist.Append(CultureInfo.InvariantCulture, $"#EXTINF:-1 tvg-name=\"Leak Movie {i}\" tvg-logo=\"{poster}\" group-title=\"Leak Movies\",Leak Movie {i} (2020)\n");
            playlist.Append(CultureInfo.InvariantCulture, $"http://{LeakHost}:8080/movie/{LeakUser}/{LeakPassword}/{2000 + i}.mp4\n");
        }

        Provider.SetPlaylist("leak", playlist.ToString());
        var url = new Uri(Provider.Address, $"/m3u/leak?username={LeakUser}&password={LeakPassword}").ToString();
        var id = await CreateProviderAsync(new { name = "leak", kind = "m3u_url", url, import_vod = true });
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(Admin, id));
    }

    private async Task SyncXtreamAsync()
    {
        var id = await CreateProviderAsync(new
        {
            name = "xtream",
            kind = "xtream",
            url = Provider.Address.ToString().TrimEnd('/'),
            username = XtreamProviderUser,
            password = XtreamProviderPassword,
            import_live = false,
            import_vod = true,
            import_series = true,
        });
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(Admin, id));
    }

    private async Task<long> CreateProviderAsync(object body)
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/providers", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    /// <summary>Creates a user through the admin API and reads their player credentials from their own <c>/api/me</c>.</summary>
    public async Task<Viewer> CreateUserAsync(string username)
    {
        const string password = "viewer-password-1234";
        var created = await Admin.PostAsJsonAsync("/api/admin/users", new { username, password, role = "user" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var client = await Server.SignedInAsync(username, password);
        var me = await (await client.GetAsync("/api/auth/me")).ReadJsonAsync();
        return new Viewer(id, username, me.GetProperty("playback_token").GetString()!, me.GetProperty("xtream_password").GetString()!, client);
    }

    public async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>GET as a player (no cookies), failing with the body when the status is not the expected one.</summary>
    public async Task<string> GetTextAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var client = Server.Anonymous();
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new XunitException($"GET {path}: expected {(int)expected}, got {(int)response.StatusCode}: {body[..Math.Min(body.Length, 1000)]}");
        }

        return body;
    }

    public async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        JsonDocument.Parse(await GetTextAsync(path, expected)).RootElement.Clone();

    /// <summary><c>player_api.php</c> as the viewer (or with other credentials), with an action and parameters.</summary>
    public string PlayerApi(string? action = null, string? query = null, string? username = null, string? password = null) =>
        $"/player_api.php?username={Uri.EscapeDataString(username ?? Viewer.Username)}&password={Uri.EscapeDataString(password ?? Viewer.XtreamPassword)}"
        + (action is null ? "" : $"&action={action}") + (query is null ? "" : $"&{query}");

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Server).DisposeAsync();
        await Guides.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

public sealed record Viewer(Guid Id, string Username, string Token, string XtreamPassword, HttpClient Client);

public sealed class OutputsServerFactory : ServerFactory
{
    public OutputsServerFactory()
    {
        With("Providers:Retries", "0");
        With("Providers:TimeoutSeconds", "10");
        With("Epg:Retries", "0");
        With("Epg:TimeoutSeconds", "10");
        With("HdHomeRun:Username", OutputsScene.TunerUser);
        With("HdHomeRun:TunerCount", "3");
    }
}
