using System.Text.Json;
using System.Xml.Linq;
using M3uStrm.Formats.M3u;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Tests.Outputs;

/// <summary><c>/playlist/{token}.m3u</c>, <c>get.php</c> and <c>xmltv.php</c>: what an IPTV player loads.</summary>
[Collection(OutputsCollection.Name)]
public sealed class PlaylistOutputTests(OutputsScene scene)
{
    private string Token => scene.Viewer.Token;

    private static async Task<List<M3uEntry>> ReadAsync(string text) =>
        [.. (await M3uReader.ReadAllAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)))).Entries];

    [Fact]
    public async Task Playlist_lists_enabled_channels_by_number_with_the_guide_ids_and_token_urls_and_parses_in_iptv_playlist_parser()
    {
        var expected = await scene.DbAsync(db => db.Set<Channel>().Where(c => c.Enabled)
            .Select(c => new { c.Id, c.Name, c.Number, c.GroupTitle, c.EpgChannelId }).ToListAsync());

        using var client = scene.Server.Anonymous();
        var response = await client.GetAsync($"/playlist/{Token}.m3u");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/x-mpegurl", response.Content.Headers.ContentType!.MediaType);
        // Streamed, not built in memory first: no length known up front.
        Assert.True(response.Headers.TransferEncodingChunked);

        var (exit, parsed) = await NodeClients.RunAsync("m3u-parse.mjs", $"{scene.BaseUrl}/playlist/{Token}.m3u");
        Assert.Equal(0, exit);
        Assert.Equal($"{scene.BaseUrl}/epg/{Token}.xml", parsed.GetProperty("header").GetProperty("attrs").GetProperty("x-tvg-url").GetString());
        var items = parsed.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Count, items.Count);

        var byUrl = expected.ToDictionary(c => $"{scene.BaseUrl}/play/{Token}/live/{c.Id}.ts");
        int? previous = 0;
        var numberedDone = false;
        foreach (var item in items)
        {
            var url = item.GetProperty("url").GetString()!;
            Assert.True(byUrl.TryGetValue(url, out var channel), $"unexpected URL {url}");
            Assert.Equal(channel.Name, item.GetProperty("name").GetString());
            var tvg = item.GetProperty("tvg");
            Assert.Equal(EpgIds.Of(channel.Id, channel.EpgChannelId), tvg.GetProperty("id").GetString());
            Assert.Equal(channel.Name, tvg.GetProperty("name").GetString());
            Assert.Equal(channel.GroupTitle ?? "", item.GetProperty("group").GetProperty("title").GetString());

            // Numbered channels first, by number; then the unnumbered.
            if (channel.Number is { } number)
            {
                Assert.False(numberedDone, $"numbered channel {channel.Name} after unnumbered ones");
                Assert.True(number >= previous, $"{number} after {previous}");
                previous = number;
            }
            else
            {
                numberedDone = true;
            }
        }

        // tvg-chno carries the number (the parser keeps it among the raw attributes).
        var ours = await ReadAsync(await scene.GetTextAsync($"/playlist/{Token}.m3u"));
        Assert.All(ours.Zip(items), pair =>
            Assert.Equal(byUrl[pair.Second.GetProperty("url").GetString()!].Number, pair.First.ChannelNumber));

        // Every channel of the guide is in the playlist under the same id, so players show its programmes.
        var guide = XDocument.Parse(await scene.GetTextAsync($"/epg/{Token}.xml"));
        var guideIds = guide.Root!.Elements("channel").Select(c => (string)c.Attribute("id")!).ToList();
        Assert.True(guideIds.Count >= 100, $"only {guideIds.Count} guide channels");
        var tvgIds = items.Select(i => i.GetProperty("tvg").GetProperty("id").GetString()).ToHashSet();
        Assert.All(guideIds, id => Assert.Contains(id, tvgIds));
    }

    [Fact]
    public async Task Groups_vod_and_output_options_pick_what_the_playlist_holds()
    {
        var beijing = await scene.DbAsync(db => db.Set<Channel>().Where(c => c.Enabled && c.GroupTitle == "央视").CountAsync());
        var sports = await scene.DbAsync(db => db.Set<Channel>().Where(c => c.Enabled && c.GroupTitle == "Leak Sports").CountAsync());
        Assert.True(beijing > 5);

        // Group names match case-insensitively; names of no group match nothing.
        var some = await ReadAsync(await scene.GetTextAsync($"/playlist/{Token}.m3u?groups={Uri.EscapeDataString("央视, leak SPORTS,No Such Group")}"));
        Assert.Equal(beijing + sports, some.Count);
        Assert.All(some, e => Assert.Contains(e.GroupTitle, new[] { "央视", "Leak Sports" }));

        // HLS: live URLs end in .m3u8.
        var hls = await ReadAsync(await scene.GetTextAsync($"/playlist/{Token}.m3u?output=hls&groups=Leak%20News"));
        Assert.NotEmpty(hls);
        Assert.All(hls, e => Assert.Matches($"^{Regex(scene.BaseUrl)}/play/{Token}/live/\\d+\\.m3u8$", e.Url!));

        // VOD: movies and episodes in groups of their own, URLs with the item's container.
        var movies = await scene.DbAsync(db => db.Set<VodItem>().Where(v => v.RemovedAt == null).Select(v => new { v.Id, v.Genre, v.ContainerExtension }).ToListAsync());
        var episodes = await scene.DbAsync(db => db.Set<Episode>().Where(e => e.RemovedAt == null).Select(e => new { e.Id, e.ContainerExtension }).ToListAsync());
        Assert.True(movies.Count >= 300 && episodes.Count >= 20, $"{movies.Count} movies, {episodes.Count} episodes");
        var all = await ReadAsync(await scene.GetTextAsync($"/playlist/{Token}.m3u?vod=true&output=m3u8"));
        var live = await scene.DbAsync(db => db.Set<Channel>().CountAsync(c => c.Enabled));
        Assert.Equal(live + movies.Count + episodes.Count, all.Count);
        var movieEntries = all.Where(e => e.Url!.Contains("/movie/", StringComparison.Ordinal)).ToList();
        Assert.Equal(movies.Count, movieEntries.Count);
        foreach (var movie in movies)
        {
            var entry = Assert.Single(movieEntries, e => e.Url!.StartsWith($"{scene.BaseUrl}/play/{Token}/movie/{movie.Id}.", StringComparison.Ordinal));
            Assert.EndsWith("." + (movie.ContainerExtension ?? "mp4").ToLowerInvariant(), entry.Url, StringComparison.Ordinal);
            Assert.Equal(string.IsNullOrEmpty(movie.Genre) ? "Movies" : $"Movies: {movie.Genre}", entry.GroupTitle);
        }

        var episodeEntries = all.Where(e => e.Url!.Contains($"/play/{Token}/episode/", StringComparison.Ordinal)).ToList();
        Assert.Equal(episodes.Count, episodeEntries.Count);
        Assert.All(episodeEntries, e => Assert.StartsWith("Series", e.GroupTitle, StringComparison.Ordinal));
        Assert.All(episodeEntries, e => Assert.Matches(@" S\d\dE\d\d", e.Title));
        Assert.All(all.Where(e => e.Url!.Contains("/live/", StringComparison.Ordinal)), e => Assert.EndsWith(".m3u8", e.Url, StringComparison.Ordinal));

        // A VOD group can be picked like any other.
        var leakMovies = await ReadAsync(await scene.GetTextAsync($"/playlist/{Token}.m3u?vod=1&groups={Uri.EscapeDataString("Movies: Leak Movies")}"));
        Assert.Equal(OutputsScene.LeakMovies, leakMovies.Count);
    }

    [Theory]
    [InlineData("vod=maybe", "vod")]
    [InlineData("output=flv", "output")]
    [InlineData("groups=,%20,", "groups")]
    [InlineData("output=ts&output=hls", "output")]
    public async Task Invalid_options_answer_400_naming_the_field(string query, string field)
    {
        var problem = await scene.GetJsonAsync($"/playlist/{Token}.m3u?{query}", HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());

        var xtream = await scene.GetJsonAsync($"/get.php?username={scene.Viewer.Username}&password={scene.Viewer.XtreamPassword}&{query}", HttpStatusCode.BadRequest);
        Assert.True(xtream.GetProperty("errors").TryGetProperty(field, out _), xtream.GetRawText());
    }

    [Fact]
    public async Task A_wrong_or_disabled_token_gets_the_same_404_and_no_playlist()
    {
        var unknown = await scene.GetTextAsync("/playlist/not-a-real-token-0123456789.m3u", HttpStatusCode.NotFound);
        var disabled = await scene.GetTextAsync($"/playlist/{scene.Disabled.Token}.m3u", HttpStatusCode.NotFound);
        var shortToken = await scene.GetTextAsync("/playlist/x.m3u?vod=maybe", HttpStatusCode.NotFound);
        foreach (var body in new[] { unknown, disabled, shortToken })
        {
            Assert.DoesNotContain("#EXTM3U", body, StringComparison.Ordinal);
            Assert.Equal("Playlist was not found.", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Get_php_is_the_same_playlist_with_xtream_urls_and_refuses_wrong_credentials()
    {
        var (user, password) = (scene.Viewer.Username, scene.Viewer.XtreamPassword);
        var tokenList = await ReadAsync(await scene.GetTextAsync($"/playlist/{Token}.m3u?vod=true&output=hls"));
        var getPhpText = await scene.GetTextAsync($"/get.php?username={user}&password={password}&type=m3u_plus&output=m3u8&vod=true");
        var xtreamList = await ReadAsync(getPhpText);
        Assert.Equal(tokenList.Count, xtreamList.Count);
        foreach (var (token, xtream) in tokenList.Zip(xtreamList))
        {
            Assert.Equal(token.Attributes, xtream.Attributes);
            Assert.Equal(token.Title, xtream.Title);
            var match = System.Text.RegularExpressions.Regex.Match(token.Url!, $"^{Regex(scene.BaseUrl)}/play/{Token}/(?<kind>live|movie|episode)/(?<file>\\d+\\.\\w+)$");
            Assert.True(match.Success, token.Url);
            var kind = match.Groups["kind"].Value == "episode" ? "series" : match.Groups["kind"].Value;
            var expectedUrl = $"{scene.BaseUrl}/{kind}/{user}/{password}/{match.Groups["file"].Value}";
            Assert.Equal(expectedUrl, xtream.Url);
        }

        var header = (await M3uReader.ReadAllAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(getPhpText)))).Header;
        Assert.Equal($"{scene.BaseUrl}/xmltv.php?username={user}&password={password}", header.TvgUrl);

        // type=m3u: titles and URLs only.
        var plain = await ReadAsync(await scene.GetTextAsync($"/get.php?username={user}&password={password}&type=m3u"));
        Assert.NotEmpty(plain);
        Assert.All(plain, e => Assert.Empty(e.Attributes));

        var problem = await scene.GetJsonAsync($"/get.php?username={user}&password={password}&type=m3u_pro", HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("type", out _));

        foreach (var wrong in new[] { $"username={user}&password=wrong-password", "username=nobody&password=x", "", $"username={scene.Disabled.Username}&password={scene.Disabled.XtreamPassword}" })
        {
            var body = await scene.GetTextAsync($"/get.php?{wrong}&type=m3u_plus", HttpStatusCode.Unauthorized);
            Assert.DoesNotContain("#EXTM3U", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Xmltv_php_is_the_players_guide_and_refuses_wrong_credentials()
    {
        var guide = await scene.GetTextAsync($"/epg/{Token}.xml");
        var xmltv = await scene.GetTextAsync($"/xmltv.php?username={scene.Viewer.Username}&password={scene.Viewer.XtreamPassword}");
        Assert.Equal(guide, xmltv);
        Assert.Contains("<programme", xmltv, StringComparison.Ordinal);

        var refused = await scene.GetTextAsync($"/xmltv.php?username={scene.Viewer.Username}&password=nope", HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("<tv", refused, StringComparison.Ordinal);
        await scene.GetTextAsync($"/xmltv.php?username={scene.Disabled.Username}&password={scene.Disabled.XtreamPassword}", HttpStatusCode.Unauthorized);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
