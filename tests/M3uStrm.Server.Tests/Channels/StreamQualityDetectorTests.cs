using M3uStrm.Server.Features.Channels;

namespace M3uStrm.Server.Tests.Channels;

public class StreamQualityDetectorTests
{
    [Theory]
    [InlineData("UK: BBC One HD", "HD", 600)]
    [InlineData("TR: TRT BELGESEL HD ( 1080P )", "FHD", 700)]
    [InlineData("Sony Marathi (1080p) [Geo-blocked]", "FHD", 700)]
    [InlineData("BBC News (720p)", "HD", 600)]
    [InlineData("bbc news 720p", "HD", 600)]
    [InlineData("Pluto TV Narcos (684p)", "SD", 300)]
    [InlineData("BBC News (576i)", "SD", 300)]
    [InlineData("Saang TV (480p)", "SD", 300)]
    [InlineData("CNN (360p)", "SD", 300)]
    [InlineData("HBO[1920*1080]", "FHD", 700)]
    [InlineData("NPO 3 FHD 1080", "FHD", 700)]
    [InlineData("CNN ᴴᴰ", "HD", 600)]
    [InlineData("Nature 4K", "4K", 900)]
    [InlineData("Nature uhd", "4K", 900)]
    [InlineData("Nature (2160p)", "4K", 900)]
    [InlineData("Nature QHD", "QHD", 800)]
    [InlineData("Nature 1440p", "QHD", 800)]
    [InlineData("Demo 8K", "8K", 1000)]
    [InlineData("EBS Kids SD", "SD", 300)]
    [InlineData("CCTV-1高清", "HD", 600)]
    [InlineData("Fashion TV UHD / HD", "4K", 900)]
    [InlineData("CNN", "", 0)]
    [InlineData("HDMI World", "", 0)]
    [InlineData("Shadow TV", "", 0)]
    [InlineData("SDTV Classics", "", 0)]
    [InlineData("", "", 0)]
    public void Name_tokens_are_whole_words_and_case_insensitive(string name, string resolution, int score)
    {
        var quality = StreamQualityDetector.FromName(name);
        Assert.Equal(resolution, quality.Resolution);
        Assert.Equal(score, quality.Score);
    }

    [Theory]
    [InlineData("http://hdstream.example/live/u/p/123.ts", "")]
    [InlineData("http://sd.example.com/stream.m3u8", "")]
    [InlineData("http://fhd-cdn.example.net:8080/index.m3u8", "")]
    [InlineData("http://hd:secret@example.com/live.ts", "")]
    [InlineData("http://example.com/live/user/pass/1080.ts", "")]
    [InlineData("http://example.com/hls/channel_1080p/index.m3u8", "FHD")]
    [InlineData("http://example.com/hls/CHANNEL_1080P/index.m3u8", "FHD")]
    [InlineData("https://cdn.example/uhd/stream.m3u8", "4K")]
    [InlineData("https://cdn.example/live/4k/master.m3u8", "4K")]
    [InlineData("http://example.com/play?quality=720p", "HD")]
    [InlineData("http://example.com/live/hd/stream.ts", "HD")]
    [InlineData("http://example.com/live/sd-stream.ts", "SD")]
    [InlineData("rtp://239.3.1.241:8000", "")]
    [InlineData("/relative/path/hd/index.m3u8", "HD")]
    [InlineData("", "")]
    public void Url_hints_come_from_path_and_query_never_the_host(string url, string resolution) =>
        Assert.Equal(resolution, StreamQualityDetector.FromUrl(url).Resolution);

    [Fact]
    public void Detect_prefers_the_name_and_falls_back_to_the_url()
    {
        Assert.Equal("SD", StreamQualityDetector.Detect("CNN SD", "http://example.com/hls/1080p/index.m3u8").Resolution);
        Assert.Equal("FHD", StreamQualityDetector.Detect("CNN", "http://example.com/hls/1080p/index.m3u8").Resolution);
        Assert.Equal("", StreamQualityDetector.Detect("CNN", "http://hdstream.example/live/1.ts").Resolution);
    }

    [Theory]
    [InlineData(4320, null, null, "8K", 1000)]
    [InlineData(2160, null, null, "4K", 900)]
    [InlineData(1440, null, null, "QHD", 800)]
    [InlineData(1080, null, null, "FHD", 700)]
    [InlineData(1080, 5000L, 50.0, "FHD", 750)]
    [InlineData(1080, 2500L, 25.0, "FHD", 715)]
    [InlineData(1080, 20000L, 30.0, "FHD", 740)]
    [InlineData(720, null, 59.94, "HD", 620)]
    [InlineData(576, 1000L, 25.0, "SD", 330)]
    [InlineData(360, null, null, "SD", 300)]
    [InlineData(null, 8000L, 50.0, "", 0)]
    [InlineData(0, null, null, "", 0)]
    public void Probe_height_picks_the_tier_and_bitrate_and_fps_only_add_a_bonus(int? height, long? kbps, double? fps, string resolution, int score)
    {
        var quality = StreamQualityDetector.FromProbe(height, kbps, fps);
        Assert.Equal(resolution, quality.Resolution);
        Assert.Equal(score, quality.Score);
    }

    [Fact]
    public void A_higher_tier_always_outscores_a_lower_one_whatever_the_bitrate()
    {
        int[] heights = [4320, 2160, 1440, 1080, 720, 480];
        for (var i = 0; i + 1 < heights.Length; i++)
        {
            var worstHigher = StreamQualityDetector.FromProbe(heights[i], 1, 10);
            var bestLower = StreamQualityDetector.FromProbe(heights[i + 1], 1_000_000, 120);
            Assert.True(worstHigher.Score > bestLower.Score, $"{worstHigher} vs {bestLower}");
        }

        Assert.True(StreamQualityDetector.FromProbe(240, null, null).Score > StreamQuality.Unknown.Score);
    }
}
