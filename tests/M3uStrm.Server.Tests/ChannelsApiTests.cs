namespace M3uStrm.Server.Tests;

public sealed class ChannelsApiTests(ProviderServerFactory server) : IClassFixture<ProviderServerFactory>, IAsyncLifetime
{
    private FakeProvider fake = null!;

    public async Task InitializeAsync() => fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    /// <summary>Channels are merged across providers, so each test uses its own channel names.</summary>
    private static string Playlist(string brand) => PlaylistTemplate
        .Replace("Discovery", brand, StringComparison.Ordinal)
        .Replace("HBO", brand + " Movies", StringComparison.Ordinal)
        .Replace("tvg-id=\"", $"tvg-id=\"{brand.ToLowerInvariant()}.", StringComparison.Ordinal);

    private const string PlaylistTemplate = """
        #EXTM3U
        #EXTINF:-1 tvg-id="disc.a" group-title="Docs",Discovery Channel HD
        http://a.example/live/1.ts
        #EXTINF:-1 tvg-id="disc.b" group-title="Docs",US: Discovery Channel
        http://a.example/live/2.ts
        #EXTINF:-1 tvg-id="disc.c" group-title="Docs",Discovery Channel 4K
        http://a.example/live/3.ts
        #EXTINF:-1 tvg-id="hbo.east" group-title="Movies",HBO East
        http://a.example/live/4.ts
        #EXTINF:-1 tvg-id="hbo.west" group-title="Movies",HBO West
        http://a.example/live/5.ts
        """;

    private async Task<(HttpClient Admin, long ProviderId)> SyncedAsync(string name, string brand)
    {
        var admin = await server.SignedInAsync();
        fake.SetPlaylist(name, Playlist(brand));
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new { name, kind = "m3u_url", url = fake.PlaylistUrl(name) });
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, id));
        return (admin, id);
    }

    private static async Task<System.Text.Json.JsonElement> ChannelNamedAsync(HttpClient admin, string search) =>
        (await (await admin.GetAsync($"/api/admin/channels?search={Uri.EscapeDataString(search)}")).ReadJsonAsync()).GetProperty("items")[0];

    [Fact]
    public async Task Streams_of_one_channel_merge_in_quality_order_and_regions_stay_apart()
    {
        var (admin, _) = await SyncedAsync("merging", "Quasar");
        var discovery = await ChannelNamedAsync(admin, "quasar channel");
        Assert.Equal(3, discovery.GetProperty("stream_count").GetInt32());
        var detail = await (await admin.GetAsync($"/api/admin/channels/{discovery.GetProperty("id").GetInt64()}")).ReadJsonAsync();
        var qualities = detail.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("quality").GetString()).ToList();
        Assert.Equal("4K", qualities[0]);
        Assert.Equal("HD", qualities[1]);

        var hbo = await (await admin.GetAsync("/api/admin/channels?search=quasar%20movies")).ReadJsonAsync();
        Assert.Equal(2, hbo.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Split_reorder_and_merge_are_manual_and_survive_a_resync()
    {
        var (admin, providerId) = await SyncedAsync("manual", "Nebula");
        var discovery = await ChannelNamedAsync(admin, "nebula channel");
        var channelId = discovery.GetProperty("id").GetInt64();
        var streams = (await (await admin.GetAsync($"/api/admin/channels/{channelId}")).ReadJsonAsync()).GetProperty("streams")
            .EnumerateArray().Select(s => s.GetProperty("provider_stream_id").GetInt64()).ToList();

        // Reorder: the last stream first.
        var reordered = await admin.PutAsJsonAsync($"/api/admin/channels/{channelId}/streams/order", new { provider_stream_ids = new[] { streams[2], streams[0], streams[1] } });
        Assert.Equal(HttpStatusCode.OK, reordered.StatusCode);
        var bad = await admin.PutAsJsonAsync($"/api/admin/channels/{channelId}/streams/order", new { provider_stream_ids = new[] { streams[0] } });
        Assert.True((await bad.ReadJsonAsync()).GetProperty("errors").TryGetProperty("provider_stream_ids", out _));

        // Split the (now) second stream into its own channel.
        var split = await admin.PostAsJsonAsync($"/api/admin/channels/{channelId}/split", new { provider_stream_ids = new[] { streams[0] }, name = "Nebula (backup)" });
        Assert.Equal(HttpStatusCode.Created, split.StatusCode);
        var splitId = (await split.ReadJsonAsync()).GetProperty("channel").GetProperty("id").GetInt64();

        // A re-sync keeps the manual placement: the split stream stays in its own channel, the order holds.
        fake.SetPlaylist("manual", Playlist("Nebula").Replace("Nebula Channel HD", "Nebula Channel FHD", StringComparison.Ordinal));
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, providerId));
        var afterSync = await (await admin.GetAsync($"/api/admin/channels/{channelId}")).ReadJsonAsync();
        Assert.Equal([streams[2], streams[1]], afterSync.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("provider_stream_id").GetInt64()).ToList());
        var splitChannel = await (await admin.GetAsync($"/api/admin/channels/{splitId}")).ReadJsonAsync();
        Assert.Equal("Nebula (backup)", splitChannel.GetProperty("channel").GetProperty("name").GetString());
        Assert.Equal(streams[0], splitChannel.GetProperty("streams")[0].GetProperty("provider_stream_id").GetInt64());

        // Merge it back: all three streams in one channel again, the source channel gone.
        var merged = await admin.PostAsJsonAsync($"/api/admin/channels/{channelId}/merge", new { source_channel_id = splitId });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        Assert.Equal(3, (await merged.ReadJsonAsync()).GetProperty("streams").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/channels/{splitId}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/admin/channels/{channelId}/merge", new { source_channel_id = channelId })).StatusCode);
    }

    [Fact]
    public async Task Disabling_and_filtering_channels()
    {
        var (admin, _) = await SyncedAsync("filtering", "Pulsar");
        var hbo = await ChannelNamedAsync(admin, "pulsar movies east");
        var id = hbo.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/channels/{id}", new { enabled = false, group_title = "Premium" })).StatusCode);
        var disabled = await (await admin.GetAsync("/api/admin/channels?enabled=false&group=Premium")).ReadJsonAsync();
        Assert.Contains(disabled.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetInt64() == id);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/admin/channels?page_size=5000")).StatusCode);
    }
}
