using M3uStrm.Server.Features.Channels;
using static M3uStrm.Server.Tests.Channels.ChannelFixtureNames;

namespace M3uStrm.Server.Tests.Channels;

public class ChannelMatcherTests
{
    private static ChannelCandidate Channel(long id, string name, string? epg = null) =>
        new(id, ChannelNames.Identify(name), epg);

    private static ChannelCandidate? Match(string streamName, string? tvgId, params ChannelCandidate[] existing)
    {
        var identity = ChannelNames.Identify(streamName);
        var linear = new ChannelMatcher().FindMatch(identity, tvgId, existing);
        var indexed = new ChannelIndex(existing).FindMatch(identity, tvgId);
        Assert.Equal(linear, indexed); // both entry points apply the same rules
        return linear;
    }

    [Fact]
    public void Tvg_id_wins_over_a_different_name()
    {
        var id = Channel(1, "Investigation Discovery", "investigationdiscovery.us");
        var other = Channel(2, "Discovery ID");
        Assert.Same(id, Match(Real("Discovery ID"), "InvestigationDiscovery.US", other, id));
    }

    [Fact]
    public void A_shared_tvg_id_does_not_merge_a_timeshift_or_regional_feed()
    {
        // hellraiser gives "UK: Syfy" and "UK:Syfy+1 (SG)" the same epg_channel_id "Syfy".
        var streams = XtreamLiveStreams("hellraiser");
        var syfy = streams.Single(s => s.Name == "UK: Syfy");
        var syfyPlusOne = streams.Single(s => s.Name == "UK:Syfy+1 (SG)");
        Assert.Equal(syfy.EpgChannelId, syfyPlusOne.EpgChannelId);

        var main = Channel(1, syfy.Name, syfy.EpgChannelId);
        Assert.Null(Match(syfyPlusOne.Name, syfyPlusOne.EpgChannelId, main));

        // iris tags "PS Investigation Discovery East" with the tvg-id of the plain channel.
        var iris = XtreamLiveStreams("iris");
        var east = iris.Single(s => s.Name == "PS Investigation Discovery East");
        var plain = Channel(2, Real("Discovery ID"), east.EpgChannelId);
        Assert.Null(Match(east.Name, east.EpgChannelId, plain));
    }

    [Fact]
    public void Empty_tvg_id_is_ignored()
    {
        var blank = Channel(1, "Something Else", " ");
        Assert.Null(Match("CNN", " ", blank));
        Assert.Null(Match("CNN", "", blank));
    }

    [Fact]
    public void Exact_identity_matches_before_fuzzy()
    {
        var near = Channel(1, "Forensic Filez");
        var exact = Channel(2, "US: Forensic Files HD");
        Assert.Same(exact, Match(Real("Forensic Files"), null, near, exact));
    }

    [Fact]
    public void Missing_region_or_variant_is_not_a_wildcard()
    {
        var hbo = Channel(1, "HBO");
        var hboEast = Channel(2, Real("US: HBO East"));
        Assert.Null(Match(Real("US: HBO East"), null, hbo));
        Assert.Null(Match(Real("USW: HBO WEST"), null, hbo, hboEast));
        Assert.Null(Match("HBO", null, hboEast));
        Assert.Same(hboEast, Match("USA - HBO EAST", null, hbo, hboEast));

        var channel4 = Channel(3, Real("UK: Channel 4 (SG)"));
        Assert.Null(Match(Real("UK: Channel 4  +1 (SG)"), null, channel4));
        Assert.Null(Match(Real("Eurosport 2 HD [IL]"), null, Channel(4, Real("Eurosport 1 HD [IL]"))));
    }

    [Fact]
    public void Real_misspellings_and_word_order_merge_by_fuzzy_match()
    {
        Assert.Equal(1, Match(Real("Haldersleben TV"), null, Channel(1, Real("Haldensleben TV")))?.ChannelId);
        Assert.Equal(1, Match(Real("Forensics Files"), null, Channel(1, Real("Forensic Files")))?.ChannelId);
        Assert.Equal(1, Match("Pluto TV Kids", null, Channel(1, "Kids Pluto TV"))?.ChannelId);
        Assert.Equal(1, Match("ProTV News", null, Channel(1, "Pro TV News"))?.ChannelId);
    }

    [Fact]
    public void Fuzzy_match_never_changes_an_acronym_a_number_or_adds_a_word()
    {
        Assert.Null(Match(Real("SR Fernsehen"), null, Channel(1, Real("HR Fernsehen"))));
        Assert.Null(Match(Real("MDR Fernsehen Sachsen-Anhalt [Geo-blocked]"), null, Channel(1, Real("MDR Fernsehen Sachsen [Geo-blocked]"))));
        Assert.Null(Match("Fox 5 New York", null, Channel(1, "Fox 6 New York")));
        Assert.Null(Match("Pluto TV Anime Movies", null, Channel(1, "Pluto TV Crime Movies")));
        Assert.Null(Match("HBO Family", null, Channel(1, "HBO")));
    }

    [Fact]
    public void The_most_similar_candidate_wins_and_ties_go_to_the_first()
    {
        var far = Channel(1, "Filstalwele Goppingem");
        var near = Channel(2, "Filstalwelle Goppingem");
        Assert.Same(near, Match(Real("Filstalwelle Göppingen"), null, far, near));

        var first = Channel(3, "Filstalwelle Goppingem");
        var second = Channel(4, "Filstalwelle Goppingex");
        Assert.Same(first, Match("Filstalwelle Göppingen", null, first, second));
        Assert.Same(second, Match("Filstalwelle Göppingen", null, second, first));
    }

    [Fact]
    public void Threshold_is_configurable()
    {
        var existing = new[] { Channel(1, "Haldensleben TV") };
        var stream = ChannelNames.Identify("Haldersleben TV");
        Assert.Null(new ChannelMatcher(99).FindMatch(stream, null, existing));
        Assert.Null(new ChannelMatcher(99).CreateIndex(existing).FindMatch(stream, null));
        Assert.NotNull(new ChannelMatcher(80).FindMatch(stream, null, existing));
    }

    [Fact]
    public void Fixture_names_merge_across_files_and_keep_feeds_apart()
    {
        var index = new ChannelIndex([]);
        var channelOf = new Dictionary<string, long>(StringComparer.Ordinal);
        long next = 0;
        foreach (var name in All)
        {
            var identity = ChannelNames.Identify(name);
            var match = index.FindMatch(identity, null);
            if (match is null)
            {
                match = new ChannelCandidate(++next, identity, null);
                index.Add(match);
            }

            channelOf.TryAdd(name, match.ChannelId);
        }

        Assert.True(next < channelOf.Count, "some names merged");
        Assert.Equal(index.Count, next);

        void Same(params string[] names) => Assert.Single(names.Select(n => channelOf[Real(n)]).Distinct());
        void Apart(params string[] names) => Assert.Equal(names.Length, names.Select(n => channelOf[Real(n)]).Distinct().Count());

        Same("Discovery Channel", "US: DISCOVERY CHANNEL", "UK | DISCOVERY Channel", "UK Discovery Channel");
        Same("Nat Geo Wild HD", "US: NAT GEO WILD", "Nat Geo WILD [Offline]");
        Same("ESPN 2", "ESPN2", "SP: ESPN2");
        Same("CCTV-1", "CCTV-1高清", "CN: CCTV1HD");
        Same("江苏卫视", "江苏卫视高清");
        Same("Haldersleben TV", "Haldensleben TV");
        Apart("US: HBO East", "USW: HBO WEST", "HBO");
        Apart("UK: Channel 4 (SG)", "UK: Channel 4  +1 (SG)", "Channel 5");
        Apart("UK: Sky Living HD (SG)", "UK: Sky Living +1 (SG)");
        Apart("Eurosport 1 HD [IL]", "Eurosport 2 HD [IL]");
        Apart("HR Fernsehen", "SR Fernsehen");
    }

    [Fact]
    public void Index_agrees_with_the_linear_matcher_on_fixture_names()
    {
        var distinct = All.Distinct().ToList();
        var candidates = distinct.Where((_, i) => i % 7 == 0).Take(4000)
            .Select((n, i) => new ChannelCandidate(i, ChannelNames.Identify(n), null)).ToList();
        var index = new ChannelIndex(candidates);
        var matcher = new ChannelMatcher();
        var disagreements = new List<string>();
        foreach (var name in distinct.Where((_, i) => i % 97 == 3).Take(400))
        {
            var identity = ChannelNames.Identify(name);
            var linear = matcher.FindMatch(identity, null, candidates);
            var indexed = index.FindMatch(identity, null);
            if (linear?.ChannelId != indexed?.ChannelId)
            {
                disagreements.Add($"{name}: linear {linear?.Identity.NormalizedName}, index {indexed?.Identity.NormalizedName}");
            }
        }

        Assert.Empty(disagreements);
    }

    [Fact]
    public void Hundred_thousand_generated_names_index_and_match()
    {
        string[] brands = ["Sky", "Fox", "BBC", "Canal", "Rai", "TVP", "Nova", "Pluto TV", "Star", "Zee", "ТНТ", "东方"];
        string[] words = ["Sports", "News", "Cinema", "Kids", "Music", "Drama", "Action", "Comedy", "Life", "Crime", "Travel", "Docs"];
        string[] prefixes = ["", "US: ", "UK | ", "DE - ", "[FR] ", "VIP "];
        string[] suffixes = ["", " HD", " FHD", " 4K", " (720p)", " +1", " East", " West", " [Geo-blocked]"];
        var random = new Random(42);
        var names = new List<string>(100_000);
        for (var i = 0; i < 100_000; i++)
        {
            names.Add($"{prefixes[random.Next(prefixes.Length)]}{brands[random.Next(brands.Length)]} {words[random.Next(words.Length)]} {words[random.Next(words.Length)]}{(random.Next(3) == 0 ? " " + random.Next(1, 40) : "")}{(random.Next(4) == 0 ? "x" + random.Next(1000) : "")}{suffixes[random.Next(suffixes.Length)]}");
        }

        var index = new ChannelIndex([]);
        long next = 0;
        var matched = 0;
        foreach (var name in names)
        {
            var identity = ChannelNames.Identify(name);
            var match = index.FindMatch(identity, random.Next(10) == 0 ? "id" + random.Next(5000) : null);
            if (match is null)
            {
                index.Add(new ChannelCandidate(++next, identity, random.Next(10) == 0 ? "id" + random.Next(5000) : null));
            }
            else
            {
                matched++;
            }
        }

        Assert.Equal(100_000, matched + next);
        Assert.True(matched > 0 && next > 0);
    }
}
