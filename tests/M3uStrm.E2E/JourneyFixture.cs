using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace M3uStrm.E2E;

/// <summary>The ids and names the page tour fills into its routes.</summary>
internal sealed record SeedData(
    long ProviderId, string ProviderName, long ChannelId, string ChannelName, long StreamId, long EpgSourceId, string EpgSourceName,
    string UserId, string UserName);

/// <summary>The journey and the page tour share one server, one provider and one seed, and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class JourneyCollection : ICollectionFixture<JourneyFixture>
{
    public const string Name = "Journey";
}

/// <summary>
/// The app (server + Chromium) and a live TV provider made with ffmpeg, shared by the journey and the page tour. The
/// tour's data is put in through the real API once (<see cref="SeedAsync"/>), so it does not depend on the journey
/// having run first.
/// </summary>
public sealed class JourneyFixture : IAsyncLifetime, IDisposable
{
    private readonly SemaphoreSlim seeding = new(1, 1);
    private SeedData? seed;
    private string? signedInState;
    private LiveTvProvider? provider;

    public AppFixture App { get; } = new();

    internal LiveTvProvider Provider => provider ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        if (!new[] { "ffmpeg", "ffprobe" }.All(tool => path.Any(dir => File.Exists(Path.Combine(dir, tool)))))
        {
            throw new InvalidOperationException("ffmpeg/ffprobe are missing: install Debian's ffmpeg package (apt-get install ffmpeg).");
        }

        // The tour rewrites every page's screenshot; a page that no longer exists must not leave an old one behind.
        if (Directory.Exists(RepoPaths.ScreenshotsDirectory))
        {
            Directory.Delete(RepoPaths.ScreenshotsDirectory, recursive: true);
        }

        await Task.WhenAll(App.InitializeAsync(), StartProviderAsync());
    }

    private async Task StartProviderAsync() => provider = await LiveTvProvider.StartAsync();

    /// <summary>A fresh browser profile, signed in as the printed admin, on the dashboard.</summary>
    public async Task<IPage> SignedInPageAsync(int width = 1280, int height = 800, ColorScheme colorScheme = ColorScheme.Light)
    {
        var page = await App.NewPageAsync(width, height, colorScheme);
        await page.GotoAsync("/login");
        await page.GetByLabel("Username").FillAsync(App.Server.AdminUser);
        await page.GetByLabel("Password").FillAsync(App.Server.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The admin's signed-in browser state (the session cookie), made once with the login form.</summary>
    internal async Task<string> SignedInStateAsync()
    {
        await seeding.WaitAsync();
        try
        {
            if (signedInState is null)
            {
                var page = await SignedInPageAsync();
                signedInState = await page.Context.StorageStateAsync();
                await page.Context.CloseAsync();
            }

            return signedInState;
        }
        finally
        {
            seeding.Release();
        }
    }

    /// <summary>
    /// A synced provider of the live TV playlist (its guide arrives through the playlist's <c>url-tvg</c>), and one
    /// finished viewing session of the admin, made once through the API with a bearer token.
    /// </summary>
    internal async Task<SeedData> SeedAsync()
    {
        await seeding.WaitAsync();
        try
        {
            return seed ??= await CreateSeedAsync();
        }
        finally
        {
            seeding.Release();
        }
    }

    private async Task<SeedData> CreateSeedAsync()
    {
        using var http = new HttpClient { BaseAddress = App.Server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var token = await ReadAsync(await http.PostAsJsonAsync("/api/auth/token", new { username = App.Server.AdminUser, password = App.Server.AdminPassword }));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token["access_token"]!.GetValue<string>());

        const string providerName = "Seeded live TV";
        var created = await ReadAsync(await http.PostAsJsonAsync("/api/admin/providers", new
        {
            name = providerName,
            kind = "m3u_url",
            url = Provider.PlaylistUrl("seeded"),
            max_connections = 2,
        }));
        var providerId = created["id"]!.GetValue<long>();
        var sync = await ReadAsync(await http.PostAsync($"/api/admin/providers/{providerId}/sync", null));
        await WaitForRunAsync(http, sync["run_id"]!.GetValue<string>());

        // The playlist's url-tvg became a guide source of this provider; it is refreshed right after the sync.
        var source = await PollAsync(http, "/api/admin/epg/sources", sources => sources.AsArray()
            .FirstOrDefault(s => s!["provider_id"]?.GetValue<long?>() == providerId && s["last_refresh_status"]?.GetValue<string>() == "succeeded"));

        const string channelName = "E2E Sport";
        var channels = await ReadAsync(await http.GetAsync($"/api/admin/channels?search={Uri.EscapeDataString(channelName)}"));
        var channelId = channels["items"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == channelName)!["id"]!.GetValue<long>();
        var detail = await ReadAsync(await http.GetAsync($"/api/admin/channels/{channelId}"));
        var streamId = detail["streams"]!.AsArray().First(s => s!["provider_id"]!.GetValue<long>() == providerId)!["provider_stream_id"]!.GetValue<long>();

        // A short viewing session, so the analytics pages have a row to show.
        var me = await ReadAsync(await http.GetAsync("/api/auth/me"));
        await using (var viewer = Viewer.Start(new Uri(App.Server.BaseAddress, $"/play/{me["playback_token"]!.GetValue<string>()}/live/{channelId}.ts")))
        {
            Assert.Equal(200, await viewer.StatusAsync());
            await viewer.WaitForBytesAsync(64 * 1024, TimeSpan.FromSeconds(30));
        }

        return new SeedData(
            providerId, providerName, channelId, channelName, streamId, source["id"]!.GetValue<long>(), source["name"]!.GetValue<string>(),
            me["id"]!.GetValue<string>(), me["username"]!.GetValue<string>());
    }

    private static async Task WaitForRunAsync(HttpClient http, string runId)
    {
        var run = await PollAsync(http, $"/api/admin/jobs/runs/{Uri.EscapeDataString(runId)}",
            r => r["status"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled" ? r : null);
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", $"Run {runId}: {run.ToJsonString()}");
    }

    /// <summary>Asks <paramref name="path"/> until <paramref name="pick"/> finds what it waits for (60 s at most).</summary>
    private static async Task<JsonNode> PollAsync(HttpClient http, string path, Func<JsonNode, JsonNode?> pick)
    {
        var clock = Stopwatch.StartNew();
        JsonNode last;
        do
        {
            last = await ReadAsync(await http.GetAsync(path));
            if (pick(last) is { } found)
            {
                return found;
            }

            await Task.Delay(200);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(60));

        throw new TimeoutException($"GET {path} never had what the test waits for; last answer: {last.ToJsonString()}");
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            return JsonNode.Parse(body) ?? throw new InvalidOperationException("Empty answer.");
        }
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (provider is not null)
        {
            await provider.DisposeAsync();
        }
    }

    public void Dispose() => seeding.Dispose();
}
