using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace M3uStrm.Server.Tests.Epg;

/// <summary>
/// A provider whose playlist announces its guide (the Beijing Unicom pair: playlist tvg-id = guide channel id),
/// the automatic and manual mapping, the XMLTV output for players and the programme API.
/// One provider sync sets the scene for every test of the class.
/// </summary>
public sealed class EpgMappingAndGuideTests(EpgServerFactory server, EpgHosts hosts, ITestOutputHelper output)
    : IClassFixture<EpgServerFactory>, IClassFixture<EpgHosts>
{
    private const string Playlist = "m3u/beijing-unicom/iptv-multicast.m3u";
    private readonly FakeProvider fake = hosts.Provider;
    private readonly EpgGuideHost guides = hosts.Guides;

    /// <summary>Syncs the Beijing playlist (its x-tvg-url pointing at the guide host) once; returns the provider's guide source.</summary>
    private async Task<(HttpClient Admin, long SourceId)> SceneAsync()
    {
        var admin = await server.SignedInAsync();
        var sources = await (await admin.GetAsync("/api/admin/epg/sources")).ReadJsonAsync();
        var existing = sources.EnumerateArray().FirstOrDefault(s => s.GetProperty("kind").GetString() == EpgSourceKinds.ProviderM3u);
        if (existing.ValueKind == JsonValueKind.Object)
        {
            return (admin, existing.GetProperty("id").GetInt64());
        }

        guides.ServeFixture("beijing.xml.gz", "xmltv/beijing-unicom/epg.xml.gz");
        var text = await File.ReadAllTextAsync(Path.Combine(FixturePaths.Root, Playlist));
        var header = text[..text.IndexOf('\n', StringComparison.Ordinal)];
        var start = header.IndexOf("x-tvg-url=\"", StringComparison.Ordinal) + "x-tvg-url=\"".Length;
        var original = header[start..header.IndexOf('"', start)];
        fake.SetPlaylist("beijing", text.Replace(original, guides.Url("beijing.xml.gz"), StringComparison.Ordinal));
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "beijing", kind = "m3u_url", url = fake.PlaylistUrl("beijing"), import_vod = false });
        var providerId = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, providerId));

        // The sync added the header's guide as a source and queued its first refresh.
        for (var i = 0; i < 1200; i++)
        {
            sources = await (await admin.GetAsync("/api/admin/epg/sources")).ReadJsonAsync();
            var source = sources.EnumerateArray().FirstOrDefault(s => s.GetProperty("kind").GetString() == EpgSourceKinds.ProviderM3u);
            if (source.ValueKind == JsonValueKind.Object && source.GetProperty("last_refresh_status").ValueKind == JsonValueKind.String)
            {
                Assert.Equal("succeeded", source.GetProperty("last_refresh_status").GetString());
                Assert.Equal(providerId, source.GetProperty("provider_id").GetInt64());
                Assert.DoesNotContain("s3cret-token", source.GetProperty("url").GetString()!, StringComparison.Ordinal);
                return (admin, source.GetProperty("id").GetInt64());
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the provider's guide source was not refreshed");
    }

    private async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task Channels_of_a_playlist_map_to_the_guide_it_announces_by_tvg_id()
    {
        var (admin, sourceId) = await SceneAsync();
        // Ground truth: in this pair the playlist's tvg-id is the guide's channel id.
        var truth = await DbAsync(db => (from c in db.Set<Channel>()
                                         join cs in db.Set<ChannelStream>() on c.Id equals cs.ChannelId
                                         join s in db.Set<ProviderStream>() on cs.ProviderStreamId equals s.Id
                                         select new { c.Id, s.TvgId }).ToListAsync());
        var guideIds = await DbAsync(db => db.Set<EpgChannel>().Where(g => g.SourceId == sourceId && db.Set<Programme>().Any(p => p.EpgChannelId == g.Id))
            .Select(g => new { g.Id, g.XmltvId }).ToListAsync());
        var mappings = await DbAsync(db => db.Set<ChannelEpgMapping>().ToListAsync());
        // A merged channel may carry several tvg-ids (streams of one channel); mapping to any of them is right.
        var withGuide = truth.Where(t => guideIds.Any(g => g.XmltvId == t.TvgId)).Select(t => t.Id).Distinct().ToList();
        var correct = withGuide.Count(id => mappings.Any(m => m.ChannelId == id
            && truth.Any(t => t.Id == id && t.TvgId == guideIds.Single(g => g.Id == m.EpgChannelId).XmltvId)));
        output.WriteLine($"channels {truth.Select(t => t.Id).Distinct().Count()}, with a guide in the fixture {withGuide.Count}, mapped correctly {correct} ({100.0 * correct / withGuide.Count:F1}%), mappings {mappings.Count}");
        Assert.True(withGuide.Count >= 100);
        Assert.Equal(withGuide.Count, correct);
        Assert.All(mappings.Where(m => withGuide.Contains(m.ChannelId)), m => Assert.Equal("tvg_id", m.Method));

        var stats = await (await admin.PostAsync("/api/admin/epg/mappings/auto", null)).ReadJsonAsync();
        Assert.Equal(mappings.Count, stats.GetProperty("channels").GetInt32() - stats.GetProperty("unmapped").GetInt32());
    }

    [Fact]
    public async Task Unmapped_lists_channels_without_guide_data_with_scored_suggestions()
    {
        var (admin, _) = await SceneAsync();
        var unmapped = await (await admin.GetAsync("/api/admin/epg/unmapped?page_size=200")).ReadJsonAsync();
        var total = unmapped.GetProperty("total").GetInt32();
        var channels = await DbAsync(db => db.Set<Channel>().CountAsync(c => c.Enabled));
        var withData = await DbAsync(db => db.Set<ChannelEpgMapping>().CountAsync(m => db.Set<Programme>().Any(p => p.EpgChannelId == m.EpgChannelId)));
        Assert.Equal(channels - withData, total);
        Assert.True(total > 0);
        var items = unmapped.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("suggestions").GetArrayLength() > 0);
        foreach (var suggestion in items.SelectMany(i => i.GetProperty("suggestions").EnumerateArray()))
        {
            Assert.InRange(suggestion.GetProperty("score").GetDouble(), 50, 100);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/admin/epg/unmapped?page_size=1000")).StatusCode);
    }

    [Fact]
    public async Task A_manual_mapping_wins_and_survives_refreshes()
    {
        var (admin, sourceId) = await SceneAsync();
        var mapping = await DbAsync(db => db.Set<ChannelEpgMapping>().OrderBy(m => m.ChannelId).FirstAsync(m => m.Method == "tvg_id"));
        var other = await DbAsync(db => db.Set<EpgChannel>().FirstAsync(g => g.SourceId == sourceId && g.Id != mapping.EpgChannelId
                                                                               && db.Set<Programme>().Any(p => p.EpgChannelId == g.Id)));
        var set = await admin.PutAsJsonAsync($"/api/admin/epg/mappings/{mapping.ChannelId}", new { xmltv_id = other.XmltvId, shift_minutes = 60 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var body = await set.ReadJsonAsync();
        Assert.Equal("manual", body.GetProperty("method").GetString());
        Assert.Equal(other.Id, body.GetProperty("epg_channel_id").GetInt64());

        Assert.Equal("succeeded", (await EpgApi.RefreshAsync(admin, sourceId)).GetProperty("status").GetString());
        var after = await DbAsync(db => db.Set<ChannelEpgMapping>().SingleAsync(m => m.ChannelId == mapping.ChannelId));
        Assert.True(after.Manual);
        Assert.Equal(other.Id, after.EpgChannelId);

        // The channel's programmes are the other guide channel's, an hour later.
        var first = await DbAsync(db => db.Set<Programme>().Where(p => p.EpgChannelId == other.Id).OrderBy(p => p.Start).FirstAsync());
        var from = first.Start.AddHours(1).AddMinutes(-1).ToString("O");
        var programmes = await (await admin.GetAsync($"/api/channels/{mapping.ChannelId}/programmes?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(first.Start.AddHours(3).ToString("O"))}")).ReadJsonAsync();
        var items = programmes.GetProperty("items");
        Assert.Equal(first.Start.AddHours(1), items[0].GetProperty("start").GetDateTime().ToUniversalTime());
        Assert.Contains(items.EnumerateArray(), i => i.GetProperty("title").GetString() == first.Title
            && i.GetProperty("start").GetDateTime().ToUniversalTime() == first.Start.AddHours(1));

        // Dropping it hands the channel back to the automatic mapping.
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/admin/epg/mappings/{mapping.ChannelId}")).StatusCode);
        var restored = await DbAsync(db => db.Set<ChannelEpgMapping>().SingleAsync(m => m.ChannelId == mapping.ChannelId));
        Assert.Equal(("tvg_id", mapping.EpgChannelId, false), (restored.Method, restored.EpgChannelId, restored.Manual));

        var invalid = await admin.PutAsJsonAsync($"/api/admin/epg/mappings/{mapping.ChannelId}", new { xmltv_id = "no-such-channel" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/admin/epg/mappings/999999", new { xmltv_id = other.XmltvId })).StatusCode);
    }

    [Fact]
    public async Task The_players_guide_is_valid_xmltv_with_the_playlist_ids_of_the_users_channels()
    {
        await SceneAsync();
        var user = await server.SignedInAsNewUserAsync();
        var token = (await (await user.PostAsync("/api/me/playback-token", null)).ReadJsonAsync()).GetProperty("playback_token").GetString()!;
        var anonymous = server.Anonymous();

        var response = await anonymous.GetAsync($"/epg/{token}.xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        var xml = await response.Content.ReadAsByteArrayAsync();
        var file = Path.Combine(server.Database.DataDirectory, "guide.xml");
        await File.WriteAllBytesAsync(file, xml);
        var (exit, text) = await ValidateAsync(file);
        Assert.True(exit == 0, text);

        var doc = XDocument.Parse(System.Text.Encoding.UTF8.GetString(xml));
        var channelIds = doc.Root!.Elements("channel").Select(c => (string)c.Attribute("id")!).ToList();
        var expected = await DbAsync(db => (from c in db.Set<Channel>()
                                            join m in db.Set<ChannelEpgMapping>() on c.Id equals m.ChannelId
                                            where c.Enabled && db.Set<Programme>().Any(p => p.EpgChannelId == m.EpgChannelId)
                                            select c).ToListAsync());
        Assert.Equal(expected.Select(EpgIds.Of).Order(StringComparer.Ordinal), channelIds.Order(StringComparer.Ordinal));
        Assert.Equal(channelIds.Count, channelIds.Distinct().Count());
        var programmes = doc.Root.Elements("programme").ToList();
        Assert.Equal(await DbAsync(db => (from m in db.Set<ChannelEpgMapping>()
                                          join c in db.Set<Channel>() on m.ChannelId equals c.Id
                                          where c.Enabled
                                          join p in db.Set<Programme>() on m.EpgChannelId equals p.EpgChannelId
                                          select p.Id).CountAsync()), programmes.Count);
        Assert.All(programmes, p => Assert.Contains((string)p.Attribute("channel")!, channelIds));

        var gz = await anonymous.GetAsync($"/epg/{token}.xml.gz");
        Assert.Equal(HttpStatusCode.OK, gz.StatusCode);
        using var unzipped = new MemoryStream();
        await using (var stream = new GZipStream(await gz.Content.ReadAsStreamAsync(), CompressionMode.Decompress))
        {
            await stream.CopyToAsync(unzipped);
        }

        Assert.Equal(xml, unzipped.ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/epg/not-a-real-token-1234567890.xml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/epg/not-a-real-token-1234567890.xml.gz")).StatusCode);
    }

    private static async Task<(int Exit, string Output)> ValidateAsync(string file)
    {
        var start = new ProcessStartInfo("tv_validate_file") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--dtd-file");
        start.ArgumentList.Add(Path.Combine(FixturePaths.Root, "xmltv/xmltv.dtd"));
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Now_and_next_come_from_the_mapped_guide_for_any_signed_in_user()
    {
        var (admin, _) = await SceneAsync();
        var user = await server.SignedInAsNewUserAsync();
        var page = await (await user.GetAsync("/api/epg/now?page_size=500")).ReadJsonAsync();
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(await DbAsync(db => db.Set<Channel>().CountAsync(c => c.Enabled)), page.GetProperty("total").GetInt32());
        var now = DateTime.UtcNow;
        var withNow = items.Where(i => i.GetProperty("now").ValueKind == JsonValueKind.Object).ToList();
        Assert.NotEmpty(withNow);
        foreach (var item in withNow)
        {
            var current = item.GetProperty("now");
            Assert.True(current.GetProperty("start").GetDateTime().ToUniversalTime() <= now.AddSeconds(5));
            Assert.True(current.GetProperty("stop").GetDateTime().ToUniversalTime() > now.AddSeconds(-5));
            if (item.GetProperty("next").ValueKind == JsonValueKind.Object)
            {
                Assert.True(item.GetProperty("next").GetProperty("start").GetDateTime() >= current.GetProperty("start").GetDateTime());
            }
        }

        var channelId = withNow[0].GetProperty("channel_id").GetInt64();
        var day = await (await user.GetAsync($"/api/channels/{channelId}/programmes")).ReadJsonAsync();
        Assert.Equal(withNow[0].GetProperty("now").GetProperty("title").GetString(), day.GetProperty("items")[0].GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().GetAsync("/api/epg/now")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().GetAsync($"/api/channels/{channelId}/programmes")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.GetAsync($"/api/channels/{channelId}/programmes?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.GetAsync($"/api/channels/{channelId}/programmes?from=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync("/api/channels/999999/programmes")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/epg/now?page=0")).StatusCode);
    }

    [Fact]
    public async Task An_xtream_provider_gets_its_xmltv_php_as_a_source_which_stays_removed_when_removed()
    {
        var admin = await server.SignedInAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new
        {
            name = "xtream-guide",
            kind = "xtream",
            url = fake.Address.ToString().TrimEnd('/'),
            username = "alice",
            password = "pa55-word-xyz",
            import_vod = false,
            import_series = false,
        });
        var providerId = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, providerId));

        var sources = await (await admin.GetAsync("/api/admin/epg/sources")).ReadJsonAsync();
        var raw = sources.GetRawText();
        Assert.DoesNotContain("pa55-word-xyz", raw, StringComparison.Ordinal);
        var source = sources.EnumerateArray().Single(s => s.GetProperty("kind").GetString() == EpgSourceKinds.ProviderXtream && s.GetProperty("provider_id").GetInt64() == providerId);
        Assert.Contains("/xmltv.php?username=***&password=***", source.GetProperty("url").GetString()!, StringComparison.Ordinal);

        var sourceId = source.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/epg/sources/{sourceId}")).StatusCode);
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, providerId));
        sources = await (await admin.GetAsync("/api/admin/epg/sources")).ReadJsonAsync();
        Assert.DoesNotContain(sources.EnumerateArray(), s => s.GetProperty("provider_id").ValueKind == JsonValueKind.Number && s.GetProperty("provider_id").GetInt64() == providerId);
        Assert.Equal(1, await DbAsync(db => db.Set<EpgSource>().CountAsync(s => s.ProviderId == providerId)));
    }
}

/// <summary>The fake provider and guide host, shared by the tests of a class (the sources created point at them).</summary>
public sealed class EpgHosts : IAsyncLifetime
{
    public FakeProvider Provider { get; private set; } = null!;

    public EpgGuideHost Guides { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await FakeProvider.StartAsync();
        Guides = await EpgGuideHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Guides.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
