using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using M3uStrm.Formats.HdHomeRun;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Outputs;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Tests.Outputs;

/// <summary>The emulated HDHomeRun tuner as Plex, Jellyfin and Emby query it, compared with real devices' answers.</summary>
[Collection(OutputsCollection.Name)]
public sealed class HdHomeRunTests(OutputsScene scene)
{
    private static readonly string Devices = Path.Combine(FixturePaths.Root, "hdhomerun");

    private static JsonElement Fixture(string path) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Devices, path))).RootElement;

    private static HashSet<string> Keys(JsonElement item) => item.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    private string UserTuner => $"/hdhr/{scene.Viewer.Token}";

    [Fact]
    public async Task Discover_lineup_status_and_device_xml_have_the_fields_of_real_devices()
    {
        var devices = new[] { "jellyfin/192.168.1.182_discover.json", "tacoded-hdfx-4k/discover.json", "jellyfin/10.10.10.100_discover.json" }.Select(Fixture).ToList();
        var discover = await scene.GetJsonAsync($"{UserTuner}/discover.json");
        var keys = Keys(discover);
        // Every field is one a real device sends, with the same JSON type; every field the modern devices share is there.
        Assert.Subset(devices.SelectMany(Keys).ToHashSet(StringComparer.Ordinal), keys);
        var shared = Keys(devices[0]);
        shared.IntersectWith(Keys(devices[1]));
        Assert.Superset(shared, keys);
        foreach (var key in keys)
        {
            var real = devices.First(d => d.TryGetProperty(key, out _)).GetProperty(key);
            Assert.Equal(real.ValueKind, discover.GetProperty(key).ValueKind);
        }

        var baseUrl = $"{scene.BaseUrl}{UserTuner}";
        Assert.Equal(baseUrl, discover.GetProperty("BaseURL").GetString());
        Assert.Equal($"{baseUrl}/lineup.json", discover.GetProperty("LineupURL").GetString());
        Assert.Equal(3, discover.GetProperty("TunerCount").GetInt32());
        Assert.Contains(scene.Viewer.Username, discover.GetProperty("FriendlyName").GetString(), StringComparison.Ordinal);
        Assert.True(HdHomeRunDeviceIds.TryParse(discover.GetProperty("DeviceID").GetString()!, out var id) && HdHomeRunDeviceIds.IsValid(id));
        // The Formats reader (what our tests of real devices use) reads it back.
        Assert.Equal(discover.GetProperty("DeviceID").GetString(), HdHomeRunWriter.ReadDiscover(discover.GetRawText())!.DeviceId);

        var status = await scene.GetJsonAsync($"{UserTuner}/lineup_status.json");
        Assert.Equal(0, status.GetProperty("ScanInProgress").GetInt32());
        Assert.Subset(new HashSet<string> { "ScanInProgress", "ScanPossible", "Source", "SourceList", "Progress", "Found" }, Keys(status));
        Assert.Contains("ScanInProgress", Keys(Fixture("tacoded-hdfx-4k/lineup_status.json")));

        // device.xml: the UPnP description, element for element as emulators serve it.
        var xml = XDocument.Parse(await scene.GetTextAsync($"{UserTuner}/device.xml"));
        var template = XDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Devices, "tvhproxy/device.xml.jinja2")));
        XNamespace ns = "urn:schemas-upnp-org:device-1-0";
        var (ours, theirs) = (xml.Root!, template.Root!);
        Assert.Equal(ns + "root", ours.Name);
        static IEnumerable<string> Names(XElement element) => element.Elements().Select(e => e.Name.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(Names(theirs), Names(ours));
        var device = ours.Element(ns + "device")!;
        Assert.Equal(Names(theirs.Element(ns + "device")!), Names(device));
        Assert.Equal(baseUrl, ours.Element(ns + "URLBase")!.Value);
        Assert.Equal("urn:schemas-upnp-org:device:MediaServer:1", device.Element(ns + "deviceType")!.Value);
        Assert.Equal(discover.GetProperty("DeviceID").GetString(), device.Element(ns + "serialNumber")!.Value);
        Assert.StartsWith("uuid:", device.Element(ns + "UDN")!.Value, StringComparison.Ordinal);

        // The same answers every time: media servers remember tuners by their id.
        Assert.Equal(discover.GetRawText(), (await scene.GetJsonAsync($"{UserTuner}/discover.json")).GetRawText());
    }

    [Fact]
    public async Task The_lineup_lists_every_enabled_channel_with_stable_unique_numbers_token_urls_and_the_hd_flag()
    {
        var real = Fixture("tacoded-hdfx-4k/lineup.json").EnumerateArray().Concat(Fixture("jellyfin/192.168.1.182_lineup.json").EnumerateArray()).ToList();
        var realKeys = real.SelectMany(Keys).ToHashSet(StringComparer.Ordinal);
        var required = real.Select(Keys).Aggregate((a, b) => { a.IntersectWith(b); return a; });

        var lineup = (await scene.GetJsonAsync($"{UserTuner}/lineup.json")).EnumerateArray().ToList();
        var channels = await scene.DbAsync(db => db.Set<Channel>().Where(c => c.Enabled).Select(c => new { c.Id, c.Name, c.Number }).ToListAsync());
        var best = await scene.DbAsync(db => (from cs in db.Set<ChannelStream>()
                                              join s in db.Set<ProviderStream>() on cs.ProviderStreamId equals s.Id
                                              where cs.IsActive && s.RemovedAt == null
                                              group s.QualityScore by cs.ChannelId into g
                                              select new { g.Key, Best = g.Max() }).ToDictionaryAsync(x => x.Key, x => x.Best));
        Assert.Equal(channels.Count, lineup.Count);
        Assert.Equal(lineup.Count, lineup.Select(i => i.GetProperty("GuideNumber").GetString()).Distinct().Count());
        foreach (var item in lineup)
        {
            Assert.Subset(realKeys, Keys(item));
            Assert.Superset(required, Keys(item));
            var url = item.GetProperty("URL").GetString()!;
            Assert.StartsWith($"{scene.BaseUrl}/play/{scene.Viewer.Token}/live/", url, StringComparison.Ordinal);
            var id = long.Parse(url[(url.LastIndexOf('/') + 1)..^3], CultureInfo.InvariantCulture);
            var channel = channels.Single(c => c.Id == id);
            Assert.Equal(channel.Name, item.GetProperty("GuideName").GetString());
            Assert.Equal(channel.Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : (100_000 + id).ToString(CultureInfo.InvariantCulture),
                item.GetProperty("GuideNumber").GetString()!.Split('.')[0]);
            // As on real devices, HD is there (as 1) only for HD channels.
            Assert.Equal(best.GetValueOrDefault(id) >= 600, item.TryGetProperty("HD", out var hd));
            if (item.TryGetProperty("HD", out hd))
            {
                Assert.Equal(1, hd.GetInt32());
            }
        }

        Assert.Contains(lineup, i => i.TryGetProperty("HD", out _));
        Assert.Contains(lineup, i => !i.TryGetProperty("HD", out _));
        Assert.Equal(lineup.Count, HdHomeRunWriter.ReadLineup(JsonSerializer.Serialize(lineup)).Count);
    }

    [Fact]
    public async Task Scan_requests_are_accepted_and_nonsense_is_refused()
    {
        using var client = scene.Server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{UserTuner}/lineup.post?scan=start&source=Cable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{UserTuner}/lineup.post?scan=abort", null)).StatusCode);
        var bad = await client.PostAsync($"{UserTuner}/lineup.post?scan=everything", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.ReadJsonAsync()).GetProperty("errors").TryGetProperty("scan", out _));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/lineup.post?scan=start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/hdhr/not-a-real-token-0123456789/lineup.post?scan=start", null)).StatusCode);
    }

    [Fact]
    public async Task Each_user_has_a_tuner_of_their_own_and_the_dedicated_account_answers_at_the_root()
    {
        var mine = await scene.GetJsonAsync($"{UserTuner}/discover.json");
        var root = await scene.GetJsonAsync("/discover.json");
        var tuners = await scene.GetJsonAsync($"/hdhr/{scene.Tuner.Token}/discover.json");
        Assert.Equal(scene.BaseUrl, root.GetProperty("BaseURL").GetString());
        Assert.Equal($"{scene.BaseUrl}/lineup.json", root.GetProperty("LineupURL").GetString());
        Assert.Equal("M3U-STRM Processor", root.GetProperty("FriendlyName").GetString());
        var ids = new[] { mine, root, tuners }.Select(d => d.GetProperty("DeviceID").GetString()!).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(HdHomeRunDeviceIds.TryParse(id, out var value) && HdHomeRunDeviceIds.IsValid(value), id));

        // The root device id is the one generated on first start and kept in the data directory.
        Assert.Equal(ids[1], (await File.ReadAllTextAsync(Path.Combine(scene.Server.Database.DataDirectory, "hdhomerun-device-id"))).Trim());

        var lineup = (await scene.GetJsonAsync("/lineup.json")).EnumerateArray().ToList();
        Assert.NotEmpty(lineup);
        Assert.All(lineup, i => Assert.StartsWith($"{scene.BaseUrl}/play/{scene.Tuner.Token}/live/", i.GetProperty("URL").GetString(), StringComparison.Ordinal));
        Assert.Equal(0, (await scene.GetJsonAsync("/lineup_status.json")).GetProperty("ScanInProgress").GetInt32());
        Assert.Contains(ids[1], await scene.GetTextAsync("/device.xml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_or_disabled_token_gets_404_and_no_tuner()
    {
        foreach (var token in new[] { "not-a-real-token-0123456789", scene.Disabled.Token, "short" })
        {
            foreach (var file in new[] { "discover.json", "lineup.json", "lineup_status.json", "device.xml" })
            {
                var body = await scene.GetTextAsync($"/hdhr/{token}/{file}", HttpStatusCode.NotFound);
                Assert.Equal("Tuner was not found.", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
            }
        }
    }

    [Fact]
    public void Device_ids_carry_the_libhdhomerun_check_digit()
    {
        Assert.True(HdHomeRunDeviceIds.IsValid(0xFFFFFFFF)); // the Jellyfin test device's id
        Assert.False(HdHomeRunDeviceIds.IsValid(0x12345678));
        var fixedId = HdHomeRunDeviceIds.WithCheckDigit(0x12345678);
        Assert.True(HdHomeRunDeviceIds.IsValid(fixedId));
        Assert.Equal(0x1234567u, fixedId >> 4);
        // Every single-digit change is caught (what the check digit is for).
        for (var nibble = 0; nibble < 8; nibble++)
        {
            for (uint digit = 1; digit < 16; digit++)
            {
                Assert.False(HdHomeRunDeviceIds.IsValid(fixedId ^ (digit << (nibble * 4))));
            }
        }

        Assert.Equal(HdHomeRunDeviceIds.Derive("a"), HdHomeRunDeviceIds.Derive("a"));
        Assert.NotEqual(HdHomeRunDeviceIds.Derive("a"), HdHomeRunDeviceIds.Derive("b"));
        Assert.False(HdHomeRunDeviceIds.TryParse("1234567", out _));
        Assert.False(HdHomeRunDeviceIds.TryParse("1234567G", out _));
    }
}

/// <summary>Tuner settings that need a server of their own.</summary>
public sealed class HdHomeRunSettingsTests
{
    [Fact]
    public async Task A_configured_device_id_is_the_root_tuners_and_without_an_account_nothing_answers_at_the_root()
    {
        var configured = HdHomeRunDeviceIds.Format(HdHomeRunDeviceIds.WithCheckDigit(0x1A2B3C40));
        var server = new ServerFactory().With("HdHomeRun:DeviceId", configured).With("HdHomeRun:Username", "admin").With("HdHomeRun:FriendlyName", "Living room");
        try
        {
            await ((IAsyncLifetime)server).InitializeAsync();
            var discover = await (await server.Anonymous().GetAsync("/discover.json")).ReadJsonAsync();
            Assert.Equal(configured, discover.GetProperty("DeviceID").GetString());
            Assert.Equal("Living room", discover.GetProperty("FriendlyName").GetString());
            Assert.Equal(2, discover.GetProperty("TunerCount").GetInt32());
            Assert.False(File.Exists(Path.Combine(server.Database.DataDirectory, "hdhomerun-device-id")));
        }
        finally
        {
            await ((IAsyncLifetime)server).DisposeAsync();
        }

        var plain = new ServerFactory();
        try
        {
            await ((IAsyncLifetime)plain).InitializeAsync();
            using var client = plain.Anonymous();
            foreach (var file in new[] { "/discover.json", "/lineup.json", "/lineup_status.json", "/device.xml" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(file)).StatusCode);
            }

            var me = await (await (await plain.SignedInAsync()).GetAsync("/api/auth/me")).ReadJsonAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/hdhr/{me.GetProperty("playback_token").GetString()}/discover.json")).StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)plain).DisposeAsync();
        }
    }

    [Theory]
    [InlineData("M3USTRM_HdHomeRun__DeviceId", "12345678", "HdHomeRun:DeviceId")]
    [InlineData("M3USTRM_HdHomeRun__DeviceId", "12G45678", "HdHomeRun:DeviceId")]
    [InlineData("M3USTRM_HdHomeRun__TunerCount", "0", "HdHomeRun:TunerCount")]
    public async Task A_bad_tuner_setting_stops_the_server_naming_the_key(string variable, string value, string key)
    {
        await using var database = TestDatabase.Create();
        var environment = database.Settings().ToDictionary(s => "M3USTRM_" + s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment[variable] = value;
        await using var server = ServerProcess.Start(environment);
        Assert.NotEqual(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(key, server.Output, StringComparison.Ordinal);
    }
}
