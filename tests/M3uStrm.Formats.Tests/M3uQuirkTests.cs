using System.Text;
using M3uStrm.Formats.M3u;

namespace M3uStrm.Formats.Tests;

/// <summary>The messy-provider rules: encodings, line endings, broken attributes, missing pieces.</summary>
public sealed class M3uQuirkTests
{
    private const string Edge = "m3u/edge-cases-derived/";

    [Theory]
    [InlineData("bom_utf8.m3u")]
    [InlineData("bom_utf8_crlf.m3u")]
    [InlineData("cr_only_line_endings.m3u")]
    [InlineData("utf16le_bom.m3u")]
    public void Encodings_and_line_endings_give_the_same_six_entries_as_plain_utf8(string file)
    {
        var playlist = M3uTestInput.ReadFixture(Edge + file);

        Assert.True(playlist.Header.Present);
        Assert.Equal(6, playlist.Entries.Count);
        Assert.All(playlist.Entries, e =>
        {
            Assert.NotNull(e.Url);
            Assert.DoesNotContain('\r', e.Url);
            Assert.DoesNotContain('\r', e.Title);
            Assert.DoesNotContain('\uFEFF', e.Title);
            Assert.StartsWith("http", e.Url, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Missing_header_is_reported_but_entries_are_read()
    {
        var playlist = M3uTestInput.ReadFixture(Edge + "no_extm3u_header.m3u");

        Assert.False(playlist.Header.Present);
        Assert.Equal(6, playlist.Entries.Count);
        Assert.Contains(playlist.Problems, p => p.Code == "missing-header");
    }

    [Fact]
    public void Extgrp_gives_the_group_when_group_title_is_absent()
    {
        var playlist = M3uTestInput.ReadFixture(Edge + "extgrp_instead_of_group_title.m3u");

        Assert.Equal(["Music", "Music", "Religious", "Religious", "", "Religious"], playlist.Entries.Select(e => e.Group));
    }

    [Fact]
    public void Durations_minus_one_zero_decimal_and_missing_are_read()
    {
        var playlist = M3uTestInput.ReadFixture(Edge + "durations_mixed.m3u");

        Assert.Equal([0, -1, null, 3600, -1, -1], playlist.Entries.Select(e => e.Duration));
        Assert.All(playlist.Entries, e => Assert.False(string.IsNullOrEmpty(e.TvgId) && string.IsNullOrEmpty(e.Title)));
    }

    [Fact]
    public void Blank_lines_comments_and_garbage_are_skipped_and_a_dangling_extinf_is_flagged()
    {
        var playlist = M3uTestInput.ReadFixture(Edge + "blank_lines_and_trailing_garbage.m3u");

        Assert.Equal(6, playlist.Entries.Count(e => e.Url is not null));
        var dangling = Assert.Single(playlist.Entries, e => e.Url is null);
        Assert.Contains(playlist.Problems, p => p.Code == "entry-without-url" && p.Line == dangling.Line);
        Assert.Contains(playlist.Problems, p => p.Code == "stray-text");
    }

    [Fact]
    public void Garbage_before_the_header_is_reported_and_the_header_still_read()
    {
        var playlist = M3uTestInput.ReadFixture("m3u/free-tv/history/2026-04-29_14ebe5f/playlists/playlist_nigeria.m3u8");

        Assert.True(playlist.Header.Present);
        Assert.NotNull(playlist.Header.TvgUrl);
        Assert.Equal(18, playlist.Entries.Count);
        Assert.Contains(playlist.Problems, p => p.Code == "garbage-before-header" && p.Line == 1);
    }

    [Fact]
    public void Quoted_values_keep_commas_and_the_title_keeps_its_commas()
    {
        var playlist = M3uTestInput.Read(
            "#EXTM3U\n#EXTINF:-1 tvg-name=\"The Good, the Bad and the Ugly\" tvg-logo='http://x/a,b.png',The Good, the Bad and the Ugly\nmovie.m3u8\n");

        var entry = Assert.Single(playlist.Entries);
        Assert.Equal("The Good, the Bad and the Ugly", entry.TvgName);
        Assert.Equal("http://x/a,b.png", entry.TvgLogo);
        Assert.Equal("The Good, the Bad and the Ugly", entry.Title);
        Assert.Equal("movie.m3u8", entry.Url);
        Assert.Empty(playlist.Problems);
    }

    [Fact]
    public void Quotes_inside_a_quoted_value_do_not_end_it()
    {
        var entry = Assert.Single(M3uTestInput.Read("#EXTINF:-1 tvg-name=\"The \"Best\" Channel\" group-title=\"News\",Best\nhttp://x/1\n").Entries);

        Assert.Equal("The \"Best\" Channel", entry.TvgName);
        Assert.Equal("News", entry.GroupTitle);
    }

    [Fact]
    public void Unquoted_values_may_contain_spaces_up_to_the_next_key()
    {
        var entry = Assert.Single(M3uTestInput.Read("#EXTINF:-1 tvg-name=Das Erste HD tvg-id=DasErste.de group-title=News,Das Erste\nhttp://x/1\n").Entries);

        Assert.Equal("Das Erste HD", entry.TvgName);
        Assert.Equal("DasErste.de", entry.TvgId);
        Assert.Equal("News", entry.GroupTitle);
        Assert.Equal("Das Erste", entry.Title);
    }

    [Fact]
    public void Keys_are_case_insensitive_and_known_attributes_are_typed()
    {
        var entry = Assert.Single(M3uTestInput.Read(
            "#EXTINF:-1 tvg-ID=\"a.b\" tvg-chno=\"7\" tvg-shift=\"-4.5\" catchup=\"shift\" catchup-days=\"3\" catchup-source=\"?utc={utc}\" timeshift=\"2\" radio=\"true\" channel-id=\"9\",T\nhttp://x/1\n").Entries);

        Assert.Equal("a.b", entry.TvgId);
        Assert.Equal(7, entry.ChannelNumber);
        Assert.Equal(-4.5, entry.TvgShift);
        Assert.Equal("shift", entry.Catchup);
        Assert.Equal(3, entry.CatchupDays);
        Assert.Equal("?utc={utc}", entry.CatchupSource);
        Assert.Equal(2, entry.Timeshift);
        Assert.True(entry.IsRadio);
        Assert.Equal("9", entry.ChannelId);
    }

    [Fact]
    public void Header_attributes_are_read()
    {
        var playlist = M3uTestInput.Read("#EXTM3U x-tvg-url=\"http://a/1.xml.gz,http://b/2.xml\" tvg-shift=\"1\" catchup=\"append\" catchup-days=\"5\"\n#EXTINF:-1,A\nhttp://x/1\n");

        Assert.Equal(["http://a/1.xml.gz", "http://b/2.xml"], playlist.Header.TvgUrls);
        Assert.Equal(1, playlist.Header.TvgShift);
        Assert.Equal("append", playlist.Header.Catchup);
        Assert.Equal(5, playlist.Header.CatchupDays);

        var urlTvg = M3uTestInput.Read("#EXTM3U url-tvg=\"http://c/3.xml\"\n");
        Assert.Equal("http://c/3.xml", urlTvg.Header.TvgUrl);
    }

    [Fact]
    public void Vlcopt_kodiprop_exthttp_and_url_suffix_headers_are_read()
    {
        var playlist = M3uTestInput.Read(
            "#EXTM3U\n#EXTINF:-1,A\n#EXTVLCOPT:http-user-agent=VLC/3\n#EXTVLCOPT:http-referrer=http://ref/\n#KODIPROP:inputstream=inputstream.adaptive\n#EXTHTTP:{\"Cookie\":\"a=b\",\"User-Agent\":\"UA2\"}\nhttp://x/1|Referer=http://r2/&User-Agent=UA3\n"
            + "#EXTINF:-1,B\n#EXTHTTP:{broken\nhttp://x/2|User-Agent=UA3\n");

        var a = playlist.Entries[0];
        Assert.Equal("VLC/3", a.UserAgent);
        Assert.Equal("http://ref/", a.Referrer);
        Assert.Equal([new M3uAttribute("inputstream", "inputstream.adaptive")], a.KodiProps);
        Assert.Equal("a=b", M3uAttributesLookup(a.ExtHttpHeaders, "cookie"));
        Assert.Equal("http://x/1", a.StreamUrl);

        var b = playlist.Entries[1];
        Assert.Equal("UA3", b.UserAgent);
        Assert.Contains(playlist.Problems, p => p.Code == "bad-exthttp" && p.Line == 9);
    }

    [Fact]
    public void Url_without_extinf_becomes_an_entry_and_is_reported()
    {
        var playlist = M3uTestInput.Read("#EXTM3U\nhttp://x/bare.ts\n#EXTINF:-1,A\nhttp://x/1\n");

        Assert.Equal(2, playlist.Entries.Count);
        Assert.False(playlist.Entries[0].HasExtInf);
        Assert.Equal("http://x/bare.ts", playlist.Entries[0].Url);
        Assert.Contains(playlist.Problems, p => p.Code == "url-without-extinf" && p.Line == 2);
    }

    [Theory]
    [InlineData("parser-cases/hls-not-iptv/globocom-m3u8_simple-playlist.m3u8")]
    [InlineData("parser-cases/hls-not-iptv/globocom-m3u8_relative-playlist.m3u8")]
    public void Hls_playlists_are_recognised_as_not_channel_lists(string path)
    {
        var playlist = M3uTestInput.ReadFixture(path);

        Assert.True(playlist.IsHlsMediaPlaylist);
        Assert.Contains(playlist.Problems, p => p.Code == "hls-playlist");
    }

    [Fact]
    public void Very_long_lines_are_cut_and_reported_and_reading_goes_on()
    {
        var longTitle = new string('x', 10_000);
        var text = $"#EXTM3U\n#EXTINF:-1 tvg-id=\"a\",{longTitle}\nhttp://x/1\n#EXTINF:-1,B\nhttp://x/2\n";
        var playlist = M3uTestInput.Read(Encoding.UTF8.GetBytes(text), new M3uReaderOptions { MaxLineLength = 1000 });

        Assert.Equal(2, playlist.Entries.Count);
        Assert.Equal(1000 - "#EXTINF:-1 tvg-id=\"a\",".Length, playlist.Entries[0].Title.Length);
        Assert.Equal("http://x/1", playlist.Entries[0].Url);
        Assert.Equal("B", playlist.Entries[1].Title);
        Assert.Contains(playlist.Problems, p => p.Code == "line-too-long" && p.Line == 2);
    }

    [Fact]
    public void Invalid_utf8_is_replaced_and_reported()
    {
        var bytes = Encoding.UTF8.GetBytes("#EXTM3U\n#EXTINF:-1,Caf\u00e9 X\nhttp://x/1\n");
        var bad = bytes.ToList();
        var at = bad.LastIndexOf((byte)'X');
        bad[at] = 0xFF;
        var playlist = M3uTestInput.Read([.. bad]);

        Assert.Equal("Caf\u00e9 \uFFFD", playlist.Entries[0].Title);
        Assert.Contains(playlist.Problems, p => p.Code == "invalid-utf8" && p.Line == 2);
    }

    [Fact]
    public void Problems_carry_line_numbers_across_crlf_and_cr()
    {
        var playlist = M3uTestInput.Read("#EXTM3U\r\n\r\rjunk\r\n#EXTINF:-1,B\nhttp://x/2");

        Assert.Contains(playlist.Problems, p => p.Code == "stray-text" && p.Line == 4);
        Assert.Equal(5, Assert.Single(playlist.Entries).Line);
    }

    [Fact]
    public async Task Async_reader_yields_the_same_entries_as_the_sync_reader()
    {
        var path = Fixtures.PathOf("m3u/iptv-org/2021-09-01_08011fc/channels/us.m3u");
        var sync = M3uTestInput.ReadFixture("m3u/iptv-org/2021-09-01_08011fc/channels/us.m3u");
        await using var stream = File.OpenRead(path);
        var asyncResult = await M3uReader.ReadAllAsync(stream, new M3uReaderOptions { BufferSize = 4096, MaxLineLength = 2000 });

        Assert.Equal(sync.Entries.Count, asyncResult.Entries.Count);
        Assert.Equal(sync.Entries.Select(e => e.Url), asyncResult.Entries.Select(e => e.Url));
    }

    private static string? M3uAttributesLookup(IReadOnlyList<M3uAttribute> list, string key) =>
        list.FirstOrDefault(a => a.Key == key).Value;
}
