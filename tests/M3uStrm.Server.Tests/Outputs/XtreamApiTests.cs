using System.Text;
using System.Text.Json;
using M3uStrm.Formats.Xtream;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Features.Outputs;
using M3uStrm.Server.Features.Providers;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Tests.Outputs;

/// <summary>Our <c>player_api.php</c> as IPTV apps use it: a real client library, and the captures of real panels.</summary>
[Collection(OutputsCollection.Name)]
public sealed class XtreamApiTests(OutputsScene scene)
{
    private static readonly string Captures = Path.Combine(FixturePaths.Root, "xtream/tellytv-go.xtream-codes");

    private static HashSet<string> Keys(JsonElement item) => item.EnumerateObject().Select(p => p.Name).ToHashSet();

    private static HashSet<string> CaptureKeys(string provider, string file, string? member = null)
    {
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(Captures, provider, file))).RootElement;
        var item = root.ValueKind == JsonValueKind.Array ? root[0] : root.GetProperty(member!);
        return Keys(item);
    }

    /// <summary>A channel with a guide mapping and a programme on air now (from the Beijing guide).</summary>
    private Task<(long ChannelId, long Guide, int Shift)> ChannelOnAirAsync() => scene.DbAsync(async db =>
    {
        var now = DateTime.UtcNow;
        var row = await (from c in db.Set<Channel>()
                         join m in db.Set<ChannelEpgMapping>() on c.Id equals m.ChannelId
                         where c.Enabled && db.Set<Programme>().Any(p => p.EpgChannelId == m.EpgChannelId && p.Start <= now && p.Stop > now.AddMinutes(10))
                               && db.Set<Programme>().Count(p => p.EpgChannelId == m.EpgChannelId && p.Start > now) >= 3
                         orderby c.Id
                         select new { c.Id, m.EpgChannelId, m.ShiftMinutes }).FirstAsync();
        return (row.Id, row.EpgChannelId, row.ShiftMinutes);
    });

    [Fact]
    public async Task The_xtream_api_client_logs_in_and_lists_categories_channels_movies_series_and_the_short_epg()
    {
        var (channelId, guide, _) = await ChannelOnAirAsync();
        var (exit, result) = await NodeClients.RunAsync("xtream-check.mjs", scene.BaseUrl, scene.Viewer.Username, scene.Viewer.XtreamPassword,
            channelId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exit == 0, result.GetRawText());
        Assert.True(result.GetProperty("ok").GetBoolean());

        var profile = result.GetProperty("profile");
        Assert.Equal(scene.Viewer.Username, profile.GetProperty("username").GetString());
        Assert.Equal("Active", profile.GetProperty("status").GetString());
        Assert.Equal(scene.Server.BaseAddress.Host, result.GetProperty("serverInfo").GetProperty("url").GetString());
        Assert.Equal(scene.Server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), result.GetProperty("serverInfo").GetProperty("port").GetString());

        // Live: every enabled channel, each in a category that get_live_categories lists, URLs on this server.
        var channels = await scene.DbAsync(db => db.Set<Channel>().Where(c => c.Enabled).Select(c => new { c.Id, c.GroupTitle }).ToListAsync());
        var categories = result.GetProperty("channelCategories").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("name").GetString()!);
        Assert.Equal(channels.Select(c => c.GroupTitle ?? "").Distinct().Count(), categories.Count);
        var listed = result.GetProperty("channels").EnumerateArray().ToList();
        Assert.Equal(channels.Count, listed.Count);
        foreach (var channel in listed)
        {
            var id = long.Parse(channel.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var category = Assert.Single(channel.GetProperty("categoryIds").EnumerateArray()).GetString()!;
            Assert.Equal(channels.Single(c => c.Id == id).GroupTitle ?? "Uncategorized", categories[category]);
            Assert.Equal($"{scene.BaseUrl}/live/{scene.Viewer.Username}/{scene.Viewer.XtreamPassword}/{id}.ts", channel.GetProperty("url").GetString());
        }

        // Filtering by the first category gives exactly its channels.
        var first = result.GetProperty("channelCategories")[0].GetProperty("id").GetString()!;
        var ofFirst = result.GetProperty("channelsOfFirstCategory").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.NotEmpty(ofFirst);
        Assert.Equal(listed.Where(c => c.GetProperty("categoryIds")[0].GetString() == first).Select(c => c.GetProperty("id").GetString()), ofFirst);

        // Movies and series: every one offered, the details of the first, episodes by season with their own ids.
        var movieCount = await scene.DbAsync(db => db.Set<VodItem>().CountAsync(v => v.RemovedAt == null));
        Assert.Equal(movieCount, result.GetProperty("movies").GetArrayLength());
        Assert.NotEmpty(result.GetProperty("movieCategories").EnumerateArray());
        var movie = result.GetProperty("movie");
        Assert.Equal(result.GetProperty("movies")[0].GetProperty("id").GetString(), movie.GetProperty("id").GetString());
        Assert.StartsWith($"{scene.BaseUrl}/movie/{scene.Viewer.Username}/{scene.Viewer.XtreamPassword}/{movie.GetProperty("id").GetString()}.", movie.GetProperty("url").GetString(), StringComparison.Ordinal);

        Assert.Equal(await scene.DbAsync(db => db.Set<Series>().CountAsync(s => s.RemovedAt == null)), result.GetProperty("shows").GetArrayLength());
        Assert.NotEmpty(result.GetProperty("showCategories").EnumerateArray());
        var show = result.GetProperty("show");
        var showId = long.Parse(show.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var episodes = await scene.DbAsync(db => db.Set<Episode>().Where(e => e.SeriesId == showId && e.RemovedAt == null).Select(e => new { e.Id, e.Season }).ToListAsync());
        var seasons = show.GetProperty("seasons").EnumerateArray().ToList();
        Assert.Equal(episodes.Select(e => e.Season).Distinct().Order(), seasons.Select(s => s.GetProperty("number").GetInt32()).Order());
        var listedEpisodes = seasons.SelectMany(s => s.GetProperty("episodes").EnumerateArray()).ToList();
        Assert.Equal(episodes.Select(e => e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), listedEpisodes.Select(e => e.GetProperty("id").GetString()!).Order());
        Assert.All(listedEpisodes, e => Assert.Equal(
            $"{scene.BaseUrl}/series/{scene.Viewer.Username}/{scene.Viewer.XtreamPassword}/{e.GetProperty("id").GetString()}.mp4", e.GetProperty("url").GetString()));

        // Short EPG: what is on now, then next, titles decoded from base64 to the guide's titles.
        var shortEpg = result.GetProperty("shortEpg").EnumerateArray().ToList();
        Assert.Equal(3, shortEpg.Count);
        var titles = await scene.DbAsync(db => db.Set<Programme>().Where(p => p.EpgChannelId == guide).Select(p => p.Title).ToListAsync());
        // The client decodes base64 with atob(), which yields the UTF-8 bytes as Latin-1 characters (so does it with real panels).
        static string Utf8(string latin1) => Encoding.UTF8.GetString(latin1.Select(c => (byte)c).ToArray());
        Assert.All(shortEpg, p => Assert.Contains(Utf8(p.GetProperty("title").GetString()!), titles));
        Assert.Equal(titles.Count, result.GetProperty("fullEpg").GetArrayLength());
    }

    [Fact]
    public async Task The_login_answer_and_the_lists_have_the_fields_of_real_panels()
    {
        var auth = await scene.GetJsonAsync(scene.PlayerApi());
        Assert.Equal(CaptureKeys("iris", "auth.json", "user_info"), Keys(auth.GetProperty("user_info")));
        Assert.Equal(CaptureKeys("iris", "auth.json", "server_info"), Keys(auth.GetProperty("server_info")));
        Assert.Equal(1, auth.GetProperty("user_info").GetProperty("auth").GetInt32());
        Assert.Equal(JsonValueKind.Null, auth.GetProperty("user_info").GetProperty("exp_date").ValueKind);
        Assert.Equal("http", auth.GetProperty("server_info").GetProperty("server_protocol").GetString());
        // Our own Xtream reader (the one provider sync uses) reads it as a valid login.
        Assert.True(XtreamJson.Deserialize<XtreamAuthResponse>(auth.GetRawText())!.IsAuthenticated);

        // Apps that post a form get the same answer.
        using var client = scene.Server.Anonymous();
        var form = await client.PostAsync("/player_api.php", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = scene.Viewer.Username,
            ["password"] = scene.Viewer.XtreamPassword,
            ["action"] = "get_live_categories",
        }));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal((await scene.GetJsonAsync(scene.PlayerApi("get_live_categories"))).GetRawText(), (await form.ReadJsonAsync()).GetRawText());

        foreach (var (action, capture) in new[]
                 {
                     ("get_live_categories", "get_live_categories.json"), ("get_vod_categories", "get_vod_categories.json"),
                     ("get_series_categories", "get_series_categories.json"), ("get_live_streams", "get_live_streams.json"),
                     ("get_vod_streams", "get_vod_streams.json"), ("get_series", "get_series.json"),
                 })
        {
            var list = await scene.GetJsonAsync(scene.PlayerApi(action));
            Assert.True(list.GetArrayLength() > 0, action);
            var expected = CaptureKeys("hellraiser", capture);
            foreach (var item in list.EnumerateArray())
            {
                Assert.Superset(expected, Keys(item));
                if (item.TryGetProperty("direct_source", out var direct))
                {
                    Assert.Equal("", direct.GetString());
                }

                // Category ids are numeric strings, the same in every answer.
                Assert.True(long.TryParse(item.GetProperty("category_id").GetString(), out _));
            }

            Assert.Equal(list.GetRawText(), (await scene.GetJsonAsync(scene.PlayerApi(action))).GetRawText());
        }

        // Our own reader streams every item of the lists.
        await using var stream = await scene.Server.Anonymous().GetStreamAsync(scene.PlayerApi("get_live_streams"));
        var read = await XtreamJson.ReadListAsync<XtreamLiveStream>(stream).ToListAsync();
        Assert.Equal(await scene.DbAsync(db => db.Set<Channel>().CountAsync(c => c.Enabled)), read.Count);
        Assert.All(read, s => Assert.NotNull(s.StreamId));
    }

    [Fact]
    public async Task Category_ids_are_derived_from_group_titles_deterministically()
    {
        var one = new CategoryIds(CatalogKind.Live, ["News", null, "Sports", "News", ""]);
        var two = new CategoryIds(CatalogKind.Live, ["Sports", "Kids", "News"]);
        Assert.Equal(new[] { "News", "", "Sports" }, one.Ordered);
        Assert.Equal(one.IdOf("News"), two.IdOf("News"));
        Assert.Equal(one.IdOf("Sports"), two.IdOf("Sports"));
        Assert.Equal(one.IdOf(null), one.IdOf(""));
        Assert.NotEqual(one.IdOf("News"), new CategoryIds(CatalogKind.Vod, ["News"]).IdOf("News"));
        Assert.All(one.Ordered, t => Assert.True(one.IdOf(t) > 0));
        Assert.Equal("", one.TitleOf(one.IdOf(null)));
        Assert.Null(one.TitleOf(12345));

        var categories = await scene.GetJsonAsync(scene.PlayerApi("get_vod_categories"));
        var leak = categories.EnumerateArray().Single(c => c.GetProperty("category_name").GetString() == "Leak Movies");
        Assert.Equal(new CategoryIds(CatalogKind.Vod, ["Leak Movies"]).IdOf("Leak Movies").ToString(System.Globalization.CultureInfo.InvariantCulture),
            leak.GetProperty("category_id").GetString());
        var movies = await scene.GetJsonAsync(scene.PlayerApi("get_vod_streams", $"category_id={leak.GetProperty("category_id").GetString()}"));
        Assert.Equal(OutputsScene.LeakMovies, movies.GetArrayLength());
        Assert.Equal("[]", (await scene.GetJsonAsync(scene.PlayerApi("get_vod_streams", "category_id=1"))).GetRawText());
    }

    [Fact]
    public async Task Short_epg_and_data_table_come_from_the_mapped_guide_with_its_shift()
    {
        var (channelId, guide, shift) = await ChannelOnAirAsync();
        var epgId = await scene.DbAsync(db => db.Set<Channel>().Where(c => c.Id == channelId).Select(c => c.EpgChannelId).FirstAsync());
        var programmes = await scene.DbAsync(db => db.Set<Programme>().Where(p => p.EpgChannelId == guide).OrderBy(p => p.Start).ToListAsync());
        var now = DateTime.UtcNow;

        var shortEpg = (await scene.GetJsonAsync(scene.PlayerApi("get_short_epg", $"stream_id={channelId}&limit=2"))).GetProperty("epg_listings").EnumerateArray().ToList();
        Assert.Equal(2, shortEpg.Count);
        var onAir = programmes.First(p => p.Start.AddMinutes(shift) <= now && p.Stop!.Value.AddMinutes(shift) > now);
        Assert.Equal(onAir.Title, Encoding.UTF8.GetString(Convert.FromBase64String(shortEpg[0].GetProperty("title").GetString()!)));
        Assert.Equal(onAir.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), shortEpg[0].GetProperty("id").GetString());
        Assert.Equal(EpgIds.Of(channelId, epgId), shortEpg[0].GetProperty("channel_id").GetString());
        Assert.Equal(new DateTimeOffset(onAir.Stop!.Value.AddMinutes(shift), TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            shortEpg[0].GetProperty("stop_timestamp").GetString());
        Assert.Equal(onAir.Start.AddMinutes(shift).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), shortEpg[0].GetProperty("start").GetString());
        // Captured panel answers have the same fields.
        var capture = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(FixturePaths.Root, "parser-cases/xtream-api-ektotv/raw/short-epg.json"))).RootElement;
        Assert.Equal(Keys(capture.GetProperty("epg_listings")[0]), Keys(shortEpg[0]));

        var table = (await scene.GetJsonAsync(scene.PlayerApi("get_simple_data_table", $"stream_id={channelId}"))).GetProperty("epg_listings").EnumerateArray().ToList();
        Assert.Equal(programmes.Count, table.Count);
        Assert.Equal(1, table.Count(p => p.GetProperty("now_playing").GetInt32() == 1));
        var fullCapture = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(FixturePaths.Root, "parser-cases/xtream-api-ektotv/raw/full-epg.json"))).RootElement;
        Assert.Equal(Keys(fullCapture.GetProperty("epg_listings")[0]), Keys(table[0]));
        // Our reader decodes them.
        var decoded = XtreamJson.Deserialize<XtreamShortEpg>((await scene.GetJsonAsync(scene.PlayerApi("get_simple_data_table", $"stream_id={channelId}&limit=5"))).GetRawText())!;
        Assert.Equal(programmes.Take(5).Select(p => p.Title), decoded.EpgListings.Select(l => l.DecodedTitle));

        // A channel without a guide, or no such channel: an empty listing, as panels answer.
        Assert.Equal("{\"epg_listings\":[]}", (await scene.GetJsonAsync(scene.PlayerApi("get_short_epg", "stream_id=99999999"))).GetRawText());
    }

    [Theory]
    [InlineData("get_vod_info", "", "vod_id")]
    [InlineData("get_vod_info", "vod_id=abc", "vod_id")]
    [InlineData("get_series_info", "series_id=-1", "series_id")]
    [InlineData("get_live_streams", "category_id=news", "category_id")]
    [InlineData("get_short_epg", "stream_id=1&limit=0", "limit")]
    [InlineData("get_simple_data_table", "", "stream_id")]
    [InlineData("get_everything", "", "action")]
    public async Task Invalid_parameters_answer_400_naming_the_field(string action, string query, string field)
    {
        var problem = await scene.GetJsonAsync(scene.PlayerApi(action, query), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Unknown_ids_answer_as_panels_do()
    {
        Assert.Equal("{\"info\":[],\"movie_data\":[]}", (await scene.GetJsonAsync(scene.PlayerApi("get_vod_info", "vod_id=99999999"))).GetRawText());
        Assert.Equal("{\"seasons\":[],\"info\":[],\"episodes\":[]}", (await scene.GetJsonAsync(scene.PlayerApi("get_series_info", "series_id=99999999"))).GetRawText());
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_like_a_panel_refuses_them_and_the_client_reports_it()
    {
        var refusals = new[]
        {
            scene.PlayerApi(password: "wrong-password"),
            scene.PlayerApi("get_live_streams", password: "wrong-password"),
            scene.PlayerApi(username: "nobody-at-all", password: "whatever"),
            scene.PlayerApi(username: scene.Disabled.Username, password: scene.Disabled.XtreamPassword),
            "/player_api.php",
            "/player_api.php?username=" + scene.Viewer.Username,
        };
        foreach (var path in refusals)
        {
            Assert.Equal("{\"user_info\":{\"auth\":0}}", await scene.GetTextAsync(path, HttpStatusCode.Unauthorized));
        }

        // The login password is not the Xtream password.
        Assert.Equal("{\"user_info\":{\"auth\":0}}", await scene.GetTextAsync(scene.PlayerApi(password: "viewer-password-1234"), HttpStatusCode.Unauthorized));

        var (exit, result) = await NodeClients.RunAsync("xtream-check.mjs", scene.BaseUrl, scene.Viewer.Username, "wrong-password");
        Assert.Equal(1, exit);
        Assert.False(result.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task The_owner_sees_their_xtream_password_and_rotating_it_locks_out_the_old_one()
    {
        var user = await scene.CreateUserAsync($"rot-{Guid.NewGuid():N}"[..12]);
        Assert.Equal(16, user.XtreamPassword.Length);
        await scene.GetJsonAsync(scene.PlayerApi(username: user.Username, password: user.XtreamPassword));

        var rotated = await user.Client.PostAsync("/api/me/xtream-password", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var fresh = (await rotated.ReadJsonAsync()).GetProperty("xtream_password").GetString()!;
        Assert.NotEqual(user.XtreamPassword, fresh);
        Assert.Equal(fresh, (await (await user.Client.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("xtream_password").GetString());
        await scene.GetTextAsync(scene.PlayerApi(username: user.Username, password: user.XtreamPassword), HttpStatusCode.Unauthorized);
        await scene.GetJsonAsync(scene.PlayerApi(username: user.Username, password: fresh));

        Assert.Equal(HttpStatusCode.Unauthorized, (await scene.Server.Anonymous().PostAsync("/api/me/xtream-password", null)).StatusCode);
    }

    [Fact]
    public void Server_info_is_the_configured_public_url_or_the_request()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("tv.local", 8080);
        Assert.Equal(new XtreamServer("tv.local", 8080, "http"), XtreamEndpoints.Server(context.Request, null));
        Assert.Equal(new XtreamServer("iptv.example.org", 443, "https"), XtreamEndpoints.Server(context.Request, "https://iptv.example.org/"));
        context.Request.Host = new HostString("tv.local");
        Assert.Equal(new XtreamServer("tv.local", 80, "http"), XtreamEndpoints.Server(context.Request, null));
    }
}
