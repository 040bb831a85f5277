using System.Globalization;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Providers;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests.Outputs;

/// <summary>design.md §7: no provider URL, host or credential ever appears in anything a player is given.</summary>
[Collection(OutputsCollection.Name)]
public sealed class NoLeakTests(OutputsScene scene)
{
    [Fact]
    public async Task No_output_contains_a_provider_url_host_or_credential()
    {
        var (user, password, token) = (scene.Viewer.Username, scene.Viewer.XtreamPassword, scene.Viewer.Token);
        var login = $"username={user}&password={password}";
        var movies = await scene.DbAsync(db => db.Set<VodItem>().Select(v => v.Id).ToListAsync());
        var series = await scene.DbAsync(db => db.Set<Series>().Select(s => s.Id).ToListAsync());
        var leakChannels = await scene.DbAsync(db => db.Set<Channel>().Where(c => c.GroupTitle!.StartsWith("Leak")).Select(c => c.Id).ToListAsync());
        Assert.Equal(OutputsScene.LeakChannels, leakChannels.Count);

        var paths = new List<string>
        {
            $"/playlist/{token}.m3u",
            $"/playlist/{token}.m3u?vod=true&output=hls",
            $"/get.php?{login}&type=m3u_plus&output=ts&vod=true",
            $"/get.php?{login}&type=m3u",
            $"/xmltv.php?{login}",
            $"/epg/{token}.xml",
            $"/hdhr/{token}/discover.json",
            $"/hdhr/{token}/lineup.json",
            $"/hdhr/{token}/lineup_status.json",
            $"/hdhr/{token}/device.xml",
            "/discover.json",
            "/lineup.json",
            "/device.xml",
            scene.PlayerApi(),
            scene.PlayerApi("get_profile"),
            scene.PlayerApi("get_server_info"),
        };
        paths.AddRange(new[] { "get_live_categories", "get_live_streams", "get_vod_categories", "get_vod_streams", "get_series_categories", "get_series" }
            .Select(a => scene.PlayerApi(a)));
        paths.AddRange(movies.Select(id => scene.PlayerApi("get_vod_info", $"vod_id={id}")));
        paths.AddRange(series.Select(id => scene.PlayerApi("get_series_info", $"series_id={id}")));
        paths.AddRange(leakChannels.SelectMany(id => new[]
        {
            scene.PlayerApi("get_short_epg", $"stream_id={id}"),
            scene.PlayerApi("get_simple_data_table", $"stream_id={id}"),
        }));

        var bodies = new Dictionary<string, string>();
        foreach (var path in paths)
        {
            var body = await scene.GetTextAsync(path);
            bodies[path] = body;
            foreach (var marker in scene.Markers)
            {
                Assert.False(body.Contains(marker, StringComparison.OrdinalIgnoreCase), $"{path} contains the provider trace '{marker}'");
            }
        }

        // The provider's content is there all the same: its channels and movies, and the logos that give nothing away.
        var vodPlaylist = bodies[$"/playlist/{token}.m3u?vod=true&output=hls"];
        Assert.Contains("Leak Channel 2", vodPlaylist, StringComparison.Ordinal);
        Assert.Contains("Leak Movie 1", vodPlaylist, StringComparison.Ordinal);
        Assert.Contains($"http://{OutputsScene.CleanLogoHost}/logo-2.png", vodPlaylist, StringComparison.Ordinal);
        Assert.Contains($"http://{OutputsScene.CleanLogoHost}/poster-1.jpg", vodPlaylist, StringComparison.Ordinal);
        Assert.DoesNotContain("img.example.net", vodPlaylist, StringComparison.Ordinal);
        Assert.Contains("\"Leak Channel 2\"", bodies[scene.PlayerApi("get_live_streams")], StringComparison.Ordinal);
        Assert.Contains($"{OutputsScene.CleanLogoHost}/logo-2.png", bodies[scene.PlayerApi("get_live_streams")], StringComparison.Ordinal);
        Assert.Contains("Leak Channel 2", bodies[$"/hdhr/{token}/lineup.json"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_player_route_refuses_a_wrong_token_or_wrong_credentials_without_content()
    {
        var endpoints = scene.Server.Services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ITagsMetadata>()?.Tags.Contains("Outputs") == true)
            .ToList();
        var checkedRoutes = 0;
        using var client = scene.Server.Anonymous();
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText!;
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is [var first, ..] ? first : "GET";
            string path;
            HttpStatusCode expected;
            if (pattern.Contains("{token}", StringComparison.Ordinal))
            {
                path = pattern.Replace("{token}", "wrong-token-0123456789abcdef", StringComparison.Ordinal);
                expected = HttpStatusCode.NotFound;
            }
            else if (pattern.EndsWith(".php", StringComparison.Ordinal))
            {
                path = $"{pattern}?username={scene.Viewer.Username}&password=wrong-password&type=m3u_plus";
                expected = HttpStatusCode.Unauthorized;
            }
            else
            {
                continue; // the dedicated tuner at the root: opened by configuration, not by the request
            }

            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(expected == response.StatusCode, $"{method} {path} → {(int)response.StatusCode}");
            Assert.True(body.Length < 400, $"{method} {path} answered {body.Length} characters: {body}");
            Assert.DoesNotContain("#EXTM3U", body, StringComparison.Ordinal);
            checkedRoutes++;
        }

        Assert.True(checkedRoutes >= 9, $"only {checkedRoutes.ToString(CultureInfo.InvariantCulture)} player routes found");
    }
}
