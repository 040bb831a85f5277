using System.IO.Compression;
using M3uStrm.Formats.Xtream;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Formats.Tests;

/// <summary>Every Xtream capture reads completely despite strings-for-numbers, nulls, "" and empty arrays.</summary>
public sealed class XtreamJsonTests
{
    private const string Captures = "xtream/tellytv-go.xtream-codes";
    private const string Mocks = "parser-cases/xtream-api-ektotv/raw";

    public static TheoryData<string> Providers => ["hellraiser", "iris", "tnt"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Every_list_of_a_real_capture_reads_every_item(string provider)
    {
        await AssertAllItems<XtreamCategory>($"{Captures}/{provider}/get_live_categories.json", c => Assert.False(string.IsNullOrEmpty(c.CategoryId)));
        await AssertAllItems<XtreamCategory>($"{Captures}/{provider}/get_vod_categories.json", c => Assert.NotNull(c.CategoryName));
        await AssertAllItems<XtreamCategory>($"{Captures}/{provider}/get_series_categories.json", c => Assert.NotNull(c.CategoryName));
        await AssertAllItems<XtreamLiveStream>($"{Captures}/{provider}/get_live_streams.json", s => Assert.NotNull(s.StreamId));
        await AssertAllItems<XtreamVodStream>($"{Captures}/{provider}/get_vod_streams.json", s =>
        {
            Assert.NotNull(s.StreamId);
            Assert.False(string.IsNullOrEmpty(s.ContainerExtension));
        });
        await AssertAllItems<XtreamSeries>($"{Captures}/{provider}/get_series.json", s => Assert.NotNull(s.SeriesId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Auth_answer_of_a_real_capture_is_read(string provider)
    {
        await using var stream = File.OpenRead(Fixtures.PathOf($"{Captures}/{provider}/auth.json"));
        var auth = await XtreamJson.ReadObjectAsync<XtreamAuthResponse>(stream);

        Assert.NotNull(auth?.UserInfo);
        Assert.NotNull(auth.ServerInfo);
        Assert.True(auth.IsAuthenticated);
        Assert.NotEmpty(auth.UserInfo.AllowedOutputFormats);
    }

    [Fact]
    public async Task Tnt_capture_quirks_become_typed_values()
    {
        var auth = XtreamJson.Deserialize<XtreamAuthResponse>(await File.ReadAllTextAsync(Fixtures.PathOf($"{Captures}/tnt/auth.json")))!;
        Assert.Equal(1539670803, auth.UserInfo!.ExpDate);
        Assert.Equal(3, auth.UserInfo.MaxConnections);
        Assert.False(auth.UserInfo.IsTrial);
        Assert.Equal(2052, auth.ServerInfo!.Port);
        Assert.Equal("America/New_York", auth.ServerInfo.Timezone);

        var live = await ReadAll<XtreamLiveStream>($"{Captures}/tnt/get_live_streams.json");
        Assert.Equal(3462, live.Count);
        Assert.Equal(22375, live[0].StreamId);
        Assert.Equal(1524588788, live[0].Added);
        Assert.Null(live[0].EpgChannelId);
        Assert.Equal("6", live[0].CategoryId);
        Assert.False(live[0].TvArchive);

        var vod = await ReadAll<XtreamVodStream>($"{Captures}/tnt/get_vod_streams.json");
        Assert.Equal(1669, vod.Count);
        Assert.Equal(6.8, vod[0].Rating);
        Assert.Equal(3.4, vod[0].Rating5Based);

        var series = await ReadAll<XtreamSeries>($"{Captures}/tnt/get_series.json");
        Assert.Equal(106, series.Count);
        Assert.Null(series[0].StreamType);
        Assert.Empty(series[0].BackdropPath);
        Assert.Equal(8, series[0].Rating);
    }

    [Fact]
    public async Task Series_info_keys_episodes_by_season_string()
    {
        await using var stream = File.OpenRead(Fixtures.PathOf($"{Mocks}/show.json"));
        var info = await XtreamJson.ReadObjectAsync<XtreamSeriesInfo>(stream);

        Assert.NotNull(info);
        Assert.Equal(2, info.Seasons.Count);
        Assert.Equal("Small Town Stories", info.Info!.Title);
        Assert.Equal("2025-02-24", info.Info.Released);
        Assert.Equal(37, info.Info.EpisodeRunTime);
        Assert.Single(info.Info.BackdropPath);
        var season1 = info.Episodes["1"];
        Assert.Equal(2, season1.Count);
        Assert.Equal(1, season1[0].EpisodeNum);
        Assert.Equal(2214, season1[0].Info!.DurationSecs);
        Assert.Equal("mp4", season1[0].ContainerExtension);
    }

    [Fact]
    public void Series_info_tolerates_empty_arrays_for_info_and_episodes()
    {
        var info = XtreamJson.Deserialize<XtreamSeriesInfo>("""{"seasons":[],"info":[],"episodes":[]}""")!;
        Assert.Null(info.Info);
        Assert.Empty(info.Episodes);

        var arrays = XtreamJson.Deserialize<XtreamSeriesInfo>("""{"episodes":[[{"id":"1","season":2,"episode_num":"1","info":[]}]]}""")!;
        Assert.Null(arrays.Episodes["2"][0].Info);
    }

    [Fact]
    public async Task Vod_info_and_short_epg_are_read()
    {
        await using var movie = File.OpenRead(Fixtures.PathOf($"{Mocks}/movie.json"));
        var vod = await XtreamJson.ReadObjectAsync<XtreamVodInfo>(movie);
        Assert.Equal(123456, vod!.Info!.TmdbId);
        Assert.Equal(7200, vod.Info.DurationSecs);
        Assert.Equal(100000, vod.MovieData!.StreamId);
        Assert.Equal([100L], vod.MovieData.CategoryIds);

        await using var epg = File.OpenRead(Fixtures.PathOf($"{Mocks}/short-epg.json"));
        var listings = await XtreamJson.ReadObjectAsync<XtreamShortEpg>(epg);
        Assert.NotEmpty(listings!.EpgListings);
        Assert.Equal("fake programme", listings.EpgListings[0].DecodedTitle);
        Assert.Equal(1741010222, listings.EpgListings[0].StartTimestamp);
    }

    [Theory]
    [InlineData("categories.json")]
    [InlineData("channels.json")]
    [InlineData("movies.json")]
    [InlineData("shows.json")]
    public async Task Mock_lists_read_completely(string file)
    {
        var items = await ReadAll<XtreamLiveStream>($"{Mocks}/{file}");
        Assert.NotEmpty(items);
    }

    [Fact]
    public async Task A_list_answer_that_is_an_object_yields_nothing_and_is_reported()
    {
        var problems = new List<FormatProblem>();
        var items = new List<XtreamLiveStream>();
        await foreach (var item in XtreamJson.ReadListAsync<XtreamLiveStream>(new MemoryStream("""{"user_info":{"auth":0}}"""u8.ToArray()), problems))
        {
            items.Add(item);
        }

        Assert.Empty(items);
        Assert.Equal("not-a-list", Assert.Single(problems).Code);
    }

    [Fact]
    public void Odd_values_do_not_fail_an_item()
    {
        var item = XtreamJson.Deserialize<XtreamLiveStream>(
            """{"num":"x","stream_id":"12","added":"","tv_archive":"1","tv_archive_duration":null,"category_id":7,"custom_sid":{},"category_ids":["3",4],"unknown":[1,2]}""")!;

        Assert.Null(item.Num);
        Assert.Equal(12, item.StreamId);
        Assert.Null(item.Added);
        Assert.True(item.TvArchive);
        Assert.Equal("7", item.CategoryId);
        Assert.Null(item.CustomSid);
        Assert.Equal([3L, 4L], item.CategoryIds);
    }

    internal static async Task<List<T>> ReadAll<T>(string relative)
        where T : class
    {
        await using var stream = File.OpenRead(Fixtures.PathOf(relative));
        var problems = new List<FormatProblem>();
        var list = new List<T>();
        await foreach (var item in XtreamJson.ReadListAsync<T>(stream, problems))
        {
            list.Add(item);
        }

        Assert.Empty(problems);
        return list;
    }

    private static async Task AssertAllItems<T>(string relative, Action<T> check)
        where T : class
    {
        var items = await ReadAll<T>(relative);
        var expected = Manifest.Count(relative, "items");
        Assert.NotNull(expected);
        Assert.Equal(expected, items.Count);
        Assert.All(items, check);
    }
}

public sealed class XtreamUrlTests
{
    private static readonly XtreamCredentials Account = new("http://host:8080/", "us er", "p&ss/1");

    [Fact]
    public void Stream_urls_follow_the_xtream_layout_with_escaped_credentials()
    {
        Assert.Equal("http://host:8080/live/us%20er/p%26ss%2F1/42.ts", XtreamUrls.Live(Account, 42));
        Assert.Equal("http://host:8080/movie/us%20er/p%26ss%2F1/7.mkv", XtreamUrls.Movie(Account, 7, "mkv"));
        Assert.Equal("http://host:8080/series/us%20er/p%26ss%2F1/9.mp4", XtreamUrls.Series(Account, 9));
    }

    [Fact]
    public void Api_playlist_and_guide_urls_carry_the_credentials_as_query()
    {
        Assert.Equal("http://host:8080/player_api.php?username=us%20er&password=p%26ss%2F1&action=get_series_info&series_id=5",
            XtreamUrls.PlayerApi(Account, "get_series_info", ("series_id", "5")));
        Assert.Equal("http://host:8080/get.php?username=us%20er&password=p%26ss%2F1&type=m3u_plus&output=ts", XtreamUrls.GetPhp(Account));
        Assert.Equal("http://host:8080/xmltv.php?username=us%20er&password=p%26ss%2F1", XtreamUrls.XmltvPhp(Account));
        Assert.Equal("http://h/live/u/p/1.ts", XtreamUrls.Live(new XtreamCredentials("h/player_api.php", "u", "p"), 1));
    }
}

/// <summary>The typed client against a real HTTP server on loopback serving the captures.</summary>
public sealed class XtreamClientTests
{
    private static XtreamClient CreateClient(Action<XtreamClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddXtreamClient(o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            configure?.Invoke(o);
        });
        return services.BuildServiceProvider().GetRequiredService<XtreamClient>();
    }

    private static (int, byte[], string?) Fixture(string relative, bool gzip = false)
    {
        var bytes = File.ReadAllBytes(Fixtures.PathOf(relative));
        if (!gzip)
        {
            return (200, bytes, null);
        }

        using var packed = new MemoryStream();
        using (var zip = new GZipStream(packed, CompressionLevel.Fastest))
        {
            zip.Write(bytes);
        }

        return (200, packed.ToArray(), "gzip");
    }

    [Fact]
    public async Task Client_reads_auth_categories_and_gzip_streams_from_a_real_server()
    {
        await using var server = new FixtureHttpServer(request => request.QueryString["action"] switch
        {
            null => Fixture("xtream/tellytv-go.xtream-codes/tnt/auth.json"),
            "get_live_categories" => Fixture("xtream/tellytv-go.xtream-codes/tnt/get_live_categories.json"),
            "get_live_streams" => Fixture("xtream/tellytv-go.xtream-codes/tnt/get_live_streams.json", gzip: true),
            "get_series_info" => Fixture("parser-cases/xtream-api-ektotv/raw/show.json"),
            _ => (404, "{}"u8.ToArray(), null),
        });
        var client = CreateClient();
        var account = new XtreamCredentials(server.BaseUrl, "user", "pass");

        var auth = await client.AuthenticateAsync(account);
        var categories = await client.GetLiveCategoriesAsync(account).ToListAsync();
        var streams = await client.GetLiveStreamsAsync(account).ToListAsync();
        var series = await client.GetSeriesInfoAsync(account, 1);

        Assert.Equal("TNT_USERNAME", auth.UserInfo!.Username);
        Assert.Equal(42, categories.Count);
        Assert.Equal(3462, streams.Count);
        Assert.Equal(2, series!.Episodes["1"].Count);
        Assert.Contains(server.Requests, r => r.Contains("action=get_series_info&series_id=1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transient_server_errors_are_retried()
    {
        var calls = 0;
        await using var server = new FixtureHttpServer(_ =>
            Interlocked.Increment(ref calls) < 3 ? (503, "busy"u8.ToArray(), null) : Fixture("xtream/tellytv-go.xtream-codes/tnt/get_live_categories.json"));
        var client = CreateClient();

        var categories = await client.GetLiveCategoriesAsync(new XtreamCredentials(server.BaseUrl, "u", "p")).ToListAsync();

        Assert.Equal(42, categories.Count);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Auth_failures_are_not_retried()
    {
        var calls = 0;
        await using var server = new FixtureHttpServer(_ =>
        {
            Interlocked.Increment(ref calls);
            return (401, "{}"u8.ToArray(), null);
        });
        var client = CreateClient();

        await Assert.ThrowsAsync<XtreamAuthenticationException>(() => client.AuthenticateAsync(new XtreamCredentials(server.BaseUrl, "u", "bad")));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Auth_zero_answer_is_an_authentication_failure()
    {
        await using var server = new FixtureHttpServer(_ => (200, """{"user_info":{"auth":0}}"""u8.ToArray(), null));
        var client = CreateClient();

        await Assert.ThrowsAsync<XtreamAuthenticationException>(() => client.AuthenticateAsync(new XtreamCredentials(server.BaseUrl, "u", "bad")));
    }

    [Fact]
    public async Task Answers_over_the_size_limit_are_refused()
    {
        await using var server = new FixtureHttpServer(_ => Fixture("xtream/tellytv-go.xtream-codes/tnt/get_live_streams.json"));
        var client = CreateClient(o => o.MaxResponseBytes = 10_000);

        await Assert.ThrowsAsync<XtreamResponseTooLargeException>(async () =>
            await client.GetLiveStreamsAsync(new XtreamCredentials(server.BaseUrl, "u", "p")).ToListAsync());
    }
}
