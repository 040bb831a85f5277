using System.Text;
using System.Text.Json;
using M3uStrm.Formats.M3u;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests;

public sealed class ProviderServerFactory : ServerFactory
{
    public ProviderServerFactory()
    {
        With("Providers:TimeoutSeconds", "2");
        With("Providers:Retries", "0");
    }
}

public sealed class ProviderSyncTests(ProviderServerFactory server) : IClassFixture<ProviderServerFactory>, IAsyncLifetime
{
    private FakeProvider fake = null!;

    public async Task InitializeAsync() => fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    /// <summary>Entries of a real playlist with unique tvg-ids, so each has a stable identity.</summary>
    private static List<M3uEntry> FixtureEntries(int count)
    {
        using var stream = File.OpenRead(Path.Combine(FixturePaths.Root, "m3u/iptv-org/2021-09-01_08011fc/channels/de.m3u"));
        var entries = new M3uReader(stream).ReadEntries().Where(e => !string.IsNullOrEmpty(e.TvgId) && e.StreamUrl is not null).ToList();
        return [.. entries.GroupBy(e => e.TvgId!.ToLowerInvariant()).Where(g => g.Count() == 1).Select(g => g.Single()).Take(count)];
    }

    private static string Playlist(IEnumerable<(string TvgId, string Title, string Group, string Url)> entries)
    {
        var text = new StringBuilder("#EXTM3U\n");
        foreach (var (tvgId, title, group, url) in entries)
        {
            text.Append($"#EXTINF:-1 tvg-id=\"{tvgId}\" group-title=\"{group}\",{title}\n{url}\n");
        }

        return text.ToString();
    }

    private async Task<long> CreateM3uProviderAsync(HttpClient admin, string name)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new { name, kind = "m3u_url", url = fake.PlaylistUrl(name), import_vod = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    /// <summary>Runs a sync through the API and waits for the job run to finish; returns its final status.</summary>
    internal static async Task<string> SyncAsync(HttpClient admin, long providerId)
    {
        var accepted = await admin.PostAsync($"/api/admin/providers/{providerId}/sync", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var runId = (await accepted.ReadJsonAsync()).GetProperty("run_id").GetString();
        for (var i = 0; i < 600; i++)
        {
            var run = await (await admin.GetAsync($"/api/admin/jobs/runs/{runId}")).ReadJsonAsync();
            var status = run.GetProperty("status").GetString()!;
            if (status is "succeeded" or "failed")
            {
                return status;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the sync did not finish in 60 s");
    }

    /// <summary>Breaks the fake provider, syncs, and checks the attempt is logged as a failure with the reason.</summary>
    private async Task SyncFailsAsync(HttpClient admin, long id, FakeMode mode, string logStatus, string reason)
    {
        fake.Mode = mode;
        try
        {
            Assert.Equal("failed", await SyncAsync(admin, id));
        }
        finally
        {
            fake.Mode = FakeMode.Normal;
        }

        var log = await LatestSyncAsync(admin, id);
        Assert.Equal(logStatus, log.GetProperty("status").GetString());
        Assert.True(log.GetProperty("errors_count").GetInt32() >= 1);
        Assert.Contains(log.GetProperty("error_details").EnumerateArray(), e => e.GetProperty("message").GetString()!.Contains(reason, StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<JsonElement> LatestSyncAsync(HttpClient admin, long providerId) =>
        (await (await admin.GetAsync($"/api/admin/providers/{providerId}/syncs")).ReadJsonAsync()).GetProperty("items")[0];

    [Fact]
    public async Task Resync_counts_renamed_streams_as_updated_not_added_and_removed()
    {
        var admin = await server.SignedInAsync();
        var entries = FixtureEntries(40).Select(e => (e.TvgId!, e.Title, e.Group ?? "", e.StreamUrl!)).ToList();
        fake.SetPlaylist("renames", Playlist(entries));
        var id = await CreateM3uProviderAsync(admin, "renames");

        Assert.Equal("succeeded", await SyncAsync(admin, id));
        var first = await LatestSyncAsync(admin, id);
        Assert.Equal(40, first.GetProperty("channels_added").GetInt32());
        Assert.Equal(0, first.GetProperty("channels_removed").GetInt32());

        // Second answer: 3 removed, 4 renamed, 2 new.
        var second = entries.Skip(3).Select((e, i) => i < 4 ? (e.Item1, e.Item2 + " (renamed)", e.Item3, e.Item4) : e).ToList();
        second.Add(("new.one.de", "New One", "News", "http://example.org/new1.m3u8"));
        second.Add(("new.two.de", "New Two", "News", "http://example.org/new2.m3u8"));
        fake.SetPlaylist("renames", Playlist(second));
        Assert.Equal("succeeded", await SyncAsync(admin, id));
        var resync = await LatestSyncAsync(admin, id);
        Assert.Equal(2, resync.GetProperty("channels_added").GetInt32());
        Assert.Equal(3, resync.GetProperty("channels_removed").GetInt32());
        Assert.Equal(4, resync.GetProperty("channels_updated").GetInt32());
        Assert.True(resync.GetProperty("data_freshness_hours").GetDouble() >= 0);

        // A no-change re-sync changes nothing.
        Assert.Equal("succeeded", await SyncAsync(admin, id));
        var same = await LatestSyncAsync(admin, id);
        Assert.Equal(0, same.GetProperty("channels_added").GetInt32() + same.GetProperty("channels_removed").GetInt32() + same.GetProperty("channels_updated").GetInt32());

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(39, await db.Set<ProviderStream>().CountAsync(s => s.ProviderId == id && s.RemovedAt == null));
        Assert.Equal(3, await db.Set<ProviderStream>().CountAsync(s => s.ProviderId == id && s.RemovedAt != null));
    }

    [Fact]
    public async Task Control_characters_in_provider_text_are_replaced_and_the_sync_succeeds_on_every_database()
    {
        // A NUL cannot be stored in PostgreSQL text: one such title used to fail the whole sync there.
        var admin = await server.SignedInAsync();
        fake.SetPlaylist("controls", Playlist([
            ("ctl.one", "Bad\u0000Title\u0007 HD", "Ne\u0001ws", "http://example.org/ctl1.m3u8"),
            ("ctl.two", "Plain Title", "News", "http://example.org/ctl2.m3u8"),
        ]));
        var id = await CreateM3uProviderAsync(admin, "controls");

        Assert.Equal("succeeded", await SyncAsync(admin, id));
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var streams = await db.Set<ProviderStream>().Where(s => s.ProviderId == id).OrderBy(s => s.Name).ToListAsync();
        Assert.Equal(["Bad Title  HD", "Plain Title"], streams.Select(s => s.Name));
        Assert.Equal(["Ne ws", "News"], streams.Select(s => s.GroupTitle));
        Assert.DoesNotContain(streams, s => s.Name.Any(char.IsControl) || (s.GroupTitle ?? "").Any(char.IsControl));
    }

    [Theory]
    [InlineData(FakeMode.Timeout, "failed", "in time")]
    [InlineData(FakeMode.Unauthorized, "failed", "401")]
    [InlineData(FakeMode.Html, "failed", "not an M3U playlist")]
    [InlineData(FakeMode.Truncated, "rejected", "would remove")]
    [InlineData(FakeMode.Empty, "rejected", "would remove")]
    public async Task A_failing_m3u_provider_never_wipes_its_content(FakeMode mode, string logStatus, string reason)
    {
        var admin = await server.SignedInAsync();
        var name = $"failing-{mode}".ToLowerInvariant();
        fake.SetPlaylist(name, Playlist(FixtureEntries(30).Select(e => (e.TvgId!, e.Title, e.Group ?? "", e.StreamUrl!))));
        var id = await CreateM3uProviderAsync(admin, name);
        Assert.Equal("succeeded", await SyncAsync(admin, id));

        await SyncFailsAsync(admin, id, mode, logStatus, reason);

        var provider = await (await admin.GetAsync($"/api/admin/providers/{id}")).ReadJsonAsync();
        Assert.Equal(30, provider.GetProperty("counts").GetProperty("live_streams").GetInt32());
        Assert.Equal(logStatus, provider.GetProperty("last_sync_status").GetString());
    }

    [Fact]
    public async Task Xtream_sync_imports_live_vod_series_and_episodes_from_the_captures()
    {
        var admin = await server.SignedInAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new
        {
            name = "iris",
            kind = "xtream",
            url = fake.Address.ToString(),
            username = "IRIS_USERNAME",
            password = "IRIS_PASSWORD",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("succeeded", await SyncAsync(admin, id));

        static int DistinctIds(string file, string key)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixturePaths.Root, "xtream/tellytv-go.xtream-codes/iris", file)));
            return doc.RootElement.EnumerateArray().Select(e => e.GetProperty(key).ToString()).Where(v => v.Length > 0).Distinct().Count();
        }

        var log = await LatestSyncAsync(admin, id);
        Assert.Equal(DistinctIds("get_live_streams.json", "stream_id"), log.GetProperty("channels_added").GetInt32());
        Assert.Equal(DistinctIds("get_vod_streams.json", "stream_id"), log.GetProperty("vod_added").GetInt32());
        Assert.Equal(DistinctIds("get_series.json", "series_id"), log.GetProperty("series_added").GetInt32());

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var seriesIds = await db.Set<Series>().Where(s => s.ProviderId == id).Select(s => s.Id).ToListAsync();
        Assert.True(await db.Set<Episode>().CountAsync(e => seriesIds.Contains(e.SeriesId)) > 0, "episodes come from get_series_info");
        Assert.True(await db.Set<Features.Channels.ChannelStream>().AnyAsync(), "live streams are merged into channels");
        // Categories are joined: live streams carry their group name, not an id.
        Assert.True(await db.Set<ProviderStream>().AnyAsync(s => s.ProviderId == id && s.GroupTitle != null));
    }

    [Theory]
    [InlineData(FakeMode.Timeout, "failed", "in time")]
    [InlineData(FakeMode.Unauthorized, "failed", "credentials")]
    [InlineData(FakeMode.Html, "failed", "JSON")]
    [InlineData(FakeMode.Truncated, "failed", "JSON")]
    [InlineData(FakeMode.Empty, "rejected", "would remove")]
    public async Task A_failing_xtream_provider_never_wipes_its_content(FakeMode mode, string logStatus, string reason)
    {
        var admin = await server.SignedInAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new
        {
            name = $"xtream-{mode}".ToLowerInvariant(),
            kind = "xtream",
            url = fake.Address.ToString(),
            username = "u",
            password = "p",
            import_series = false,
        });
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("succeeded", await SyncAsync(admin, id));
        var before = (await (await admin.GetAsync($"/api/admin/providers/{id}")).ReadJsonAsync()).GetProperty("counts");

        await SyncFailsAsync(admin, id, mode, logStatus, reason);
        var after = (await (await admin.GetAsync($"/api/admin/providers/{id}")).ReadJsonAsync()).GetProperty("counts");
        Assert.Equal(before.GetProperty("live_streams").GetInt32(), after.GetProperty("live_streams").GetInt32());
        Assert.Equal(before.GetProperty("vod").GetInt32(), after.GetProperty("vod").GetInt32());
        Assert.True(after.GetProperty("live_streams").GetInt32() > 1000);
    }

    [Fact]
    public async Task Xtream_credentials_are_encrypted_at_rest_and_never_answered()
    {
        var admin = await server.SignedInAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new
        {
            name = "secret-xtream",
            kind = "xtream",
            url = "http://xtream.example:8080/",
            username = "bob",
            password = "very-secret-password",
        });
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("very-secret-password", body, StringComparison.Ordinal);
        Assert.Contains("\"has_password\":true", body, StringComparison.Ordinal);

        var m3u = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "tokenized", kind = "m3u_url", url = "http://host.example/get.php?username=carl&password=hunter22&type=m3u_plus" });
        var masked = (await m3u.ReadJsonAsync()).GetProperty("url").GetString();
        Assert.Equal("http://host.example/get.php?username=***&password=***&type=m3u_plus", masked);
        Assert.DoesNotContain("hunter22", await (await admin.GetAsync("/api/admin/providers")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.Set<Provider>().AsNoTracking().SingleAsync(p => p.Name == "secret-xtream");
        Assert.DoesNotContain("very-secret-password", stored.PasswordProtected, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter22", (await db.Set<Provider>().AsNoTracking().SingleAsync(p => p.Name == "tokenized")).UrlProtected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_provider_settings_name_the_field()
    {
        var admin = await server.SignedInAsync();
        var response = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "bad", kind = "xtream", url = "not a url", sync_cron = "every hour", max_connections = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "url", "username", "password", "sync_cron", "max_connections" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"missing error for {field}: {errors}");
        }
    }

    [Fact]
    public async Task Test_connection_reports_counts_and_groups_without_saving()
    {
        var admin = await server.SignedInAsync();
        fake.SetPlaylist("probe", Playlist(FixtureEntries(25).Select(e => (e.TvgId!, e.Title, e.Group ?? "", e.StreamUrl!))));
        var response = await admin.PostAsJsonAsync("/api/admin/providers/test", new { kind = "m3u_url", url = fake.PlaylistUrl("probe") });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var result = await response.ReadJsonAsync();
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(25, result.GetProperty("live").GetInt32());
        Assert.Equal(25, result.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("count").GetInt32()));
        var providers = await (await admin.GetAsync("/api/admin/providers")).ReadJsonAsync();
        Assert.DoesNotContain(providers.EnumerateArray(), p => p.GetProperty("name").GetString() == "test");

        fake.Mode = FakeMode.Unauthorized;
        try
        {
            var failed = await (await admin.PostAsJsonAsync("/api/admin/providers/test", new { kind = "m3u_url", url = fake.PlaylistUrl("probe") })).ReadJsonAsync();
            Assert.False(failed.GetProperty("ok").GetBoolean());
            Assert.Contains("401", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            fake.Mode = FakeMode.Normal;
        }
    }

    [Fact]
    public async Task Provider_performance_aggregates_every_attempt_in_the_window()
    {
        var admin = await server.SignedInAsync();
        fake.SetPlaylist("perf", Playlist(FixtureEntries(10).Select(e => (e.TvgId!, e.Title, e.Group ?? "", e.StreamUrl!))));
        var id = await CreateM3uProviderAsync(admin, "perf");
        await SyncAsync(admin, id);
        fake.Mode = FakeMode.Unauthorized;
        await SyncAsync(admin, id);
        fake.Mode = FakeMode.Normal;

        var rows = await (await admin.GetAsync("/api/analytics/admin/providers/performance?days=7")).ReadJsonAsync();
        var row = rows.EnumerateArray().Single(r => r.GetProperty("provider_id").GetInt64() == id);
        Assert.Equal("perf", row.GetProperty("provider_name").GetString());
        Assert.Equal(2, row.GetProperty("sync_count").GetInt32());
        Assert.Equal(1, row.GetProperty("total_errors").GetInt32());

        var csv = await admin.GetAsync("/api/analytics/admin/providers/performance?days=7&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("provider_id,provider_name,avg_sync_duration,sync_count,total_errors,avg_freshness_hours", lines[0]);
        Assert.Contains(lines, l => l.StartsWith($"{id},perf,", StringComparison.Ordinal) && l.Contains(",2,1,", StringComparison.Ordinal));

        var bad = await admin.GetAsync("/api/analytics/admin/providers/performance?days=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.ReadJsonAsync()).GetProperty("errors").TryGetProperty("days", out _));
    }

    [Fact]
    public async Task Manual_channel_edits_survive_a_resync()
    {
        var admin = await server.SignedInAsync();
        var entries = FixtureEntries(12).Select(e => (e.TvgId!, e.Title, e.Group ?? "", e.StreamUrl!)).ToList();
        fake.SetPlaylist("edits", Playlist(entries));
        var id = await CreateM3uProviderAsync(admin, "edits");
        Assert.Equal("succeeded", await SyncAsync(admin, id));

        var channels = await (await admin.GetAsync($"/api/admin/channels?search={Uri.EscapeDataString(entries[0].Item1)}")).ReadJsonAsync();
        var channel = channels.GetProperty("items")[0];
        var channelId = channel.GetProperty("id").GetInt64();
        var renamed = await admin.PutAsJsonAsync($"/api/admin/channels/{channelId}", new { name = "My Renamed Channel", number = 501 });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        fake.SetPlaylist("edits", Playlist(entries.Select((e, i) => i == 0 ? (e.Item1, e.Item2 + " HD", e.Item3, e.Item4) : e)));
        Assert.Equal("succeeded", await SyncAsync(admin, id));
        var after = await (await admin.GetAsync($"/api/admin/channels/{channelId}")).ReadJsonAsync();
        Assert.Equal("My Renamed Channel", after.GetProperty("channel").GetProperty("name").GetString());
        Assert.Equal(501, after.GetProperty("channel").GetProperty("number").GetInt32());
    }

    [Fact]
    public async Task An_uploaded_playlist_file_is_stored_under_our_name_and_synced()
    {
        var admin = await server.SignedInAsync();
        var path = Path.Combine(FixturePaths.Root, "m3u/edge-cases-derived/bom_utf8_crlf.m3u");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("uploaded"), "name" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(path)), "file", "../../etc/evil name.m3u" },
        };
        var created = await admin.PostAsync("/api/admin/providers/upload", form);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var provider = await created.ReadJsonAsync();
        Assert.Equal("m3u_file", provider.GetProperty("kind").GetString());
        var id = provider.GetProperty("id").GetInt64();

        Assert.Equal("succeeded", await SyncAsync(admin, id));
        var log = await LatestSyncAsync(admin, id);
        Assert.Equal(6, log.GetProperty("channels_added").GetInt32());
        Assert.True(File.Exists(Path.Combine(server.Database.DataDirectory, "uploads", $"provider-{id}.m3u")));
        Assert.False(File.Exists(Path.Combine(server.Database.DataDirectory, "..", "..", "etc", "evil name.m3u")));

        var missing = await admin.PostAsync("/api/admin/providers/upload", new MultipartFormDataContent { { new StringContent("nofile"), "name" } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.ReadJsonAsync()).GetProperty("errors").TryGetProperty("file", out _));
    }
}
