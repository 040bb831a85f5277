using System.Text.RegularExpressions;
using M3uStrm.Server.Features.Channels;
using static M3uStrm.Server.Tests.Channels.ChannelFixtureNames;

namespace M3uStrm.Server.Tests.Channels;

public class ChannelNamesTests
{
    private static (string Name, string? Region, string? Variant) Key(string raw)
    {
        var id = ChannelNames.Identify(raw);
        return (id.NormalizedName, id.Region, id.Variant);
    }

    [Fact]
    public void Country_prefix_and_quality_tag_do_not_split_a_channel()
    {
        // The same channel as written by iptv-org, the free lists and three Xtream providers.
        string[] discovery =
        [
            Real("Discovery Channel"), Real("US: DISCOVERY CHANNEL"), Real("UK | DISCOVERY Channel"),
            Real("UK Discovery Channel"), Real("VN: Discovery Channel"),
        ];
        string[] natGeoWild = [Real("Nat Geo Wild HD"), Real("US: NAT GEO WILD"), Real("Nat Geo WILD [Offline]")];
        string[] belgesel = [Real("TRT Belgesel"), Real("TR: TRT BELGESEL HD ( 1080P )")];
        string[] perviy = [Real("Первый канал"), Real("Первый канал (720p)")];

        Assert.All(discovery, n => Assert.Equal(("discovery channel", null, null), Key(n)));
        Assert.All(natGeoWild, n => Assert.Equal(("nat geo wild", null, null), Key(n)));
        Assert.All(belgesel, n => Assert.Equal(("trt belgesel", null, null), Key(n)));
        Assert.All(perviy, n => Assert.Equal(("первый канал", null, null), Key(n)));
    }

    [Theory]
    [InlineData("US: CNN HD", "cnn", "CNN")]
    [InlineData("UK| BBC One", "bbc one", "BBC One")]
    [InlineData("UK | BBC One", "bbc one", "BBC One")]
    [InlineData("|FR| TF1 Séries Films", "tf 1 series films", "TF1 Séries Films")]
    [InlineData("DE - Das Erste", "das erste", "Das Erste")]
    [InlineData("USA - Fox News", "fox news", "Fox News")]
    [InlineData("[UK] Dave", "dave", "Dave")]
    [InlineData("(CA) CBC News Network", "cbc news network", "CBC News Network")]
    [InlineData("EX-YU: RTL CRIME", "rtl crime", "RTL CRIME")]
    [InlineData("VIP AR: Bein TCM HD", "bein tcm", "Bein TCM")]
    [InlineData("AR : OSN MBC Drama", "osn mbc drama", "OSN MBC Drama")]
    [InlineData("Latino: WIN SPORT HD", "win sport", "WIN SPORT")]
    [InlineData("UK:.AAJ TAK", "aaj tak", "AAJ TAK")]
    [InlineData("Duck TV HU", "duck tv", "Duck TV")]
    public void Country_and_provider_prefixes_are_stripped(string raw, string normalized, string display)
    {
        var id = ChannelNames.Identify(raw);
        Assert.Equal(normalized, id.NormalizedName);
        Assert.Equal(display, id.DisplayName);
        Assert.Null(id.Region);
    }

    [Theory]
    [InlineData("CNN HD")]
    [InlineData("CNN FHD")]
    [InlineData("CNN UHD")]
    [InlineData("CNN 4K")]
    [InlineData("CNN 8K")]
    [InlineData("CNN SD")]
    [InlineData("CNN 1080p")]
    [InlineData("CNN 720P")]
    [InlineData("CNN (1080p)")]
    [InlineData("CNN [1920*1080]")]
    [InlineData("CNN HEVC")]
    [InlineData("CNN H265")]
    [InlineData("CNN H.264")]
    [InlineData("CNN ᴴᴰ")]
    [InlineData("CNN | HD")]
    [InlineData("CNN HD ( 1080P )")]
    [InlineData("cnn hd")]
    public void Quality_tags_of_every_spelling_are_removed(string raw)
    {
        Assert.Equal(("cnn", null, null), Key(raw));
        Assert.Equal("CNN", ChannelNames.Identify(raw).DisplayName, ignoreCase: true);
    }

    [Fact]
    public void Quality_words_are_only_removed_as_whole_words()
    {
        Assert.Equal("hdmi world", ChannelNames.Identify("HDMI World HD").NormalizedName);
        Assert.Equal("shadow tv", ChannelNames.Identify("Shadow TV").NormalizedName);
    }

    [Fact]
    public void East_and_West_feeds_stay_apart()
    {
        Assert.Equal(("hbo", "East", null), Key(Real("US: HBO East")));
        Assert.Equal(("hbo", "West", null), Key(Real("USW: HBO WEST")));
        Assert.Equal(("cinemax", "East", null), Key(Real("US: Cinemax East")));
        Assert.Equal(("cinemax", "East", null), Key(Real("USA: CINEMAX EAST")));
        Assert.Equal(("cinemax", "West", null), Key(Real("USW: CINEMAX WEST")));
        Assert.Equal(("pbs", "West", null), Key(Real("CA: PBS WEST HD")));
        Assert.Equal(("bbc one", "East", null), Key(Real("BBC One East (540p) [Geo-Blocked]")));
        Assert.Equal(("bbc one", "West", null), Key(Real("BBC One West (540p) [Geo-Blocked]")));
        Assert.Equal(("bbc one", null, null), Key(Real("BBC One")));
    }

    [Theory]
    [InlineData("HBO Pacific", "Pacific")]
    [InlineData("HBO Mountain", "Mountain")]
    [InlineData("CBC Ontario", "Ontario")]
    [InlineData("Loop Country (East) (1080p)", "East")]
    [InlineData("Disney Channel Eastern", "East")]
    public void Region_words_become_the_region(string raw, string region) =>
        Assert.Equal(region, ChannelNames.Identify(raw).Region);

    [Theory]
    [InlineData("CA: CNN")]
    [InlineData("(CA) CNN")]
    [InlineData("CNN (US)")]
    [InlineData("US: CNN")]
    [InlineData("UK: CNN")]
    public void A_country_prefix_is_not_a_region(string raw) => Assert.Equal(("cnn", null, null), Key(raw));

    [Fact]
    public void Brand_names_that_contain_a_region_word_keep_it()
    {
        Assert.Equal(("comedy central", null, null), Key(Real("Comedy Central")));
        Assert.Equal(("tele quebec", null, null), Key("Télé-Québec HD"));
    }

    [Fact]
    public void Timeshift_and_numbered_channels_stay_apart()
    {
        Assert.Equal(("channel", null, "4"), Key(Real("UK: Channel 4 (SG)")));
        Assert.Equal(("channel", null, "4 +1"), Key(Real("UK: Channel 4  +1 (SG)")));
        Assert.Equal(("sky living", null, null), Key(Real("UK: Sky Living HD (SG)")));
        Assert.Equal(("sky living", null, "+1"), Key(Real("UK: Sky Living +1 (SG)")));
        Assert.Equal(("syfy", null, "+1"), Key(Real("UK:Syfy+1 (SG)")));
        Assert.Equal(("eurosport", null, "1"), Key(Real("Eurosport 1 HD [IL]")));
        Assert.Equal(("eurosport", null, "2"), Key(Real("Eurosport 2 HD [IL]")));
        Assert.Equal(("sky sports", null, "2"), Key("Sky Sports 2"));
        Assert.Equal(("sky sports", null, "1"), Key("Sky Sports 1 HD"));
        Assert.Equal(("qvc", null, "Plus"), Key(Real("DE: QVC PLUS")));
        Assert.Equal(("canal", null, "Plus"), Key("Canal+"));
        Assert.Equal(("mtv music", null, "+1"), Key("UK: MTV Music + 1"));
    }

    [Fact]
    public void Numbered_channel_spellings_agree()
    {
        Assert.All([Real("ESPN 2"), Real("ESPN2"), Real("SP: ESPN2")], n => Assert.Equal(("espn", null, "2"), Key(n)));
        Assert.All([Real("CCTV-1"), Real("CCTV-1高清"), Real("CN: CCTV1HD")], n => Assert.Equal(("cctv", null, "1"), Key(n)));
        Assert.Equal(("cctv", null, "11"), Key(Real("CN: CCTV11")));
    }

    [Fact]
    public void A_bracketed_name_in_another_script_is_an_alias_not_a_feed()
    {
        Assert.Equal(("ctv", null, null), Key(Real("CTV (中視) Ⓨ")));
        Assert.Equal(("music on tv", null, null), Key(Real("Music ON TV!（エムオン）")));
    }

    [Fact]
    public void Bracketed_feed_names_keep_feeds_apart_and_tags_are_dropped()
    {
        var odessa = ChannelNames.Identify(Real("А1 (Одесса)"));
        Assert.Equal("одесса", odessa.Region);
        Assert.Equal("А1 (Одесса)", odessa.DisplayName);

        Assert.Equal(("fox sports", null, "2"), Key(Real("Fox Sports 2 (New!)")));
        Assert.Equal(("sky news", null, null), Key(Real("Sky News (Opt-1)")));
        Assert.Equal(("bundesliga", null, "2"), Key(Real("DE: Bundesliga 2 HD (BackUp)")));
        Assert.Equal(("cartoon network", null, null), Key(Real("Cartoon Network Backup")));
    }

    [Fact]
    public void Accents_are_removed_and_display_keeps_them()
    {
        var carinosa = ChannelNames.Identify(Real("Cariñosa TV (720p) [Not 24/7]"));
        Assert.Equal("carinosa tv", carinosa.NormalizedName);
        Assert.Equal("Cariñosa TV", carinosa.DisplayName);
        Assert.Equal("ct art", ChannelNames.Identify(Real("ČT art")).NormalizedName);
        Assert.Equal("munchen tv", ChannelNames.Identify("München TV").NormalizedName);
    }

    [Fact]
    public void Non_latin_names_survive()
    {
        Assert.Equal("江苏卫视", ChannelNames.Identify(Real("江苏卫视高清")).NormalizedName);
        Assert.Equal("江苏卫视", ChannelNames.Identify(Real("江苏卫视")).NormalizedName);
        Assert.Equal("al jazeera العربية", ChannelNames.Identify(Real("Al Jazeera العربية")).NormalizedName);
        Assert.Equal("η φωνη τησ ελλαδασ", ChannelNames.Identify(Real("Η Φωνή της Ελλάδας")).NormalizedName);
        Assert.Equal("первый канал", ChannelNames.Identify(Real("Первый канал")).NormalizedName);
    }

    [Fact]
    public void Every_fixture_name_in_a_non_latin_script_keeps_letters_of_that_script()
    {
        static bool NonLatin(char c) =>
            c is >= '\u0370' and <= '\u03FF' // Greek
                or >= '\u0400' and <= '\u04FF' // Cyrillic
                or >= '\u0590' and <= '\u06FF' // Hebrew, Arabic
                or >= '\u0900' and <= '\u0DFF' // Indic scripts
                or >= '\u0E00' and <= '\u0E7F' // Thai
                or >= '\u3040' and <= '\u30FF' // Kana
                or >= '\u3400' and <= '\u9FFF' // CJK
                or >= '\uAC00' and <= '\uD7AF'; // Hangul

        // 高清 / 超清 / 标清 / 超高清 / 蓝光 are quality words (HD, SD, UHD, Blu-ray), not part of the name.
        static string WithoutQualityWords(string n) =>
            new[] { "超高清", "高清", "超清", "标清", "蓝光" }.Aggregate(n, (s, w) => s.Replace(w, "", StringComparison.Ordinal));

        // A bracketed part in another script is a translation ("CTV (中視)") and may go; the name itself stays.
        static string Outside(string n) => Regex.Replace(WithoutQualityWords(n), @"[\[(（][^\])）]*[\])）]", " ");

        var names = All.Distinct().Where(n => Outside(n).Any(c => char.IsLetter(c) && NonLatin(c))).ToList();
        Assert.True(names.Count > 500, $"only {names.Count} non-Latin names in the fixtures");
        var lost = names.Where(n => !ChannelNames.Identify(n).NormalizedName.Any(c => char.IsLetter(c) && NonLatin(c))).ToList();
        Assert.Empty(lost);
    }

    [Fact]
    public void Every_fixture_name_has_a_display_name_without_prefix_separators_at_the_ends()
    {
        foreach (var n in All.Distinct().Where(n => n.Any(char.IsLetterOrDigit)))
        {
            var id = ChannelNames.Identify(n);
            Assert.False(string.IsNullOrWhiteSpace(id.DisplayName), n);
            Assert.False(string.IsNullOrWhiteSpace(id.NormalizedName), n);
            Assert.Equal(id.NormalizedName, id.NormalizedName.Trim());
            Assert.DoesNotContain("  ", id.NormalizedName, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Empty_and_tag_only_names_do_not_throw()
    {
        Assert.Equal("", ChannelNames.Identify("").NormalizedName);
        Assert.Equal("", ChannelNames.Identify("   ").NormalizedName);
        Assert.Equal("hd", ChannelNames.Identify("HD").NormalizedName);
        Assert.NotEqual("", ChannelNames.Identify("(720p)").NormalizedName);
    }

    [Fact]
    public void Similarity_is_100_for_equal_or_reordered_names_and_symmetric()
    {
        Assert.Equal(100, ChannelNames.Similarity("cnn", "cnn"));
        Assert.Equal(100, ChannelNames.Similarity("pluto tv kids", "kids pluto tv"));
        Assert.Equal(0, ChannelNames.Similarity("cnn", ""));
        Assert.Equal(
            ChannelNames.Similarity("haldersleben tv", "haldensleben tv"),
            ChannelNames.Similarity("haldensleben tv", "haldersleben tv"));
        Assert.InRange(ChannelNames.Similarity("haldersleben tv", "haldensleben tv"), 90, 99.9);
    }

    [Fact]
    public void Similarity_does_not_treat_a_contained_name_as_equal()
    {
        Assert.True(ChannelNames.Similarity("hbo", "hbo family") < 90);
        Assert.True(ChannelNames.Similarity("sky sports", "sky sports news") < 90);
        Assert.InRange(ChannelNames.Similarity("bbc", "zdf"), 0, 1);
    }
}
