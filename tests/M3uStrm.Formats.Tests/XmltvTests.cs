using System.Diagnostics;
using System.Text;
using System.Xml;
using M3uStrm.Formats.Xmltv;

namespace M3uStrm.Formats.Tests;

/// <summary>Every XMLTV guide in the fixtures reads with the MANIFEST's counts, and writes back valid and unchanged.</summary>
public sealed class XmltvFixtureTests
{
    public static TheoryData<string> Guides()
    {
        var data = new TheoryData<string>();
        foreach (var path in Manifest.All.Keys.Where(p =>
                     (p.StartsWith("xmltv/", StringComparison.Ordinal) || p.StartsWith("parser-cases/", StringComparison.Ordinal))
                     && (p.EndsWith(".xml", StringComparison.Ordinal) || p.EndsWith(".xml.gz", StringComparison.Ordinal))
                     && Manifest.Count(p, "programmes") is not null).Order(StringComparer.Ordinal))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Guides))]
    public async Task Guide_reads_with_the_manifest_channel_and_programme_counts(string path)
    {
        var guide = await Read(path);

        Assert.Equal(Manifest.Count(path, "channels"), guide.Channels.Count);
        // Programmes whose start is unreadable are reported and skipped, so count those too.
        var skipped = guide.Problems.Count(p => p.Code is "bad-time" && p.Message.Contains("start", StringComparison.Ordinal));
        Assert.Equal(Manifest.Count(path, "programmes"), guide.Programmes.Count + skipped);
        Assert.DoesNotContain(guide.Problems, p => p.Code == "not-well-formed");
    }

    [Theory]
    [MemberData(nameof(Guides))]
    public async Task Written_guide_reads_back_unchanged(string path)
    {
        var guide = await Read(path);
        var again = await ReadBytes(await Write(guide));

        Assert.Equal(guide.Channels.Count, again.Channels.Count);
        for (var i = 0; i < guide.Channels.Count; i++)
        {
            Assert.Equal(guide.Channels[i].Id, again.Channels[i].Id);
            Assert.Equal(guide.Channels[i].DisplayNames, again.Channels[i].DisplayNames);
            Assert.Equal(guide.Channels[i].Icons, again.Channels[i].Icons);
            Assert.Equal(guide.Channels[i].Urls, again.Channels[i].Urls);
        }

        Assert.Equal(guide.Programmes.Count, again.Programmes.Count);
        for (var i = 0; i < guide.Programmes.Count; i++)
        {
            var a = guide.Programmes[i];
            var b = again.Programmes[i];
            Assert.Equal(a.Channel, b.Channel);
            Assert.Equal(a.Start, b.Start);
            Assert.Equal(a.Start.Offset, b.Start.Offset);
            Assert.Equal(a.Stop, b.Stop);
            Assert.Equal(a.Titles, b.Titles);
            Assert.Equal(a.SubTitles, b.SubTitles);
            Assert.Equal(a.Descriptions, b.Descriptions);
            Assert.Equal(a.Categories, b.Categories);
            Assert.Equal(a.EpisodeNumbers, b.EpisodeNumbers);
            Assert.Equal(a.Icons, b.Icons);
            Assert.Equal(a.Ratings, b.Ratings);
            Assert.Equal(a.Date, b.Date);
            Assert.Equal(a.IsNew, b.IsNew);
            Assert.Equal(a.PreviouslyShown, b.PreviouslyShown);
        }
    }

    [Theory]
    [MemberData(nameof(Guides))]
    public async Task Written_guide_is_valid_against_the_fixtures_xmltv_dtd(string path)
    {
        var errors = XmltvDtd.Validate(await Write(await Read(path)));
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
    }

    [Fact]
    public void Dtd_validation_rejects_an_invalid_guide_so_the_check_means_something()
    {
        var errors = XmltvDtd.Validate(Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE tv SYSTEM \"xmltv.dtd\">\n<tv><programme channel=\"a\"><desc>d</desc><title>x</title></programme></tv>\n"));
        Assert.NotEmpty(errors);
    }

    [Fact]
    public async Task Written_guide_passes_tv_validate_file()
    {
        // tv_validate_file also checks content policy (RFC 2838 channel ids, programmes for every
        // channel, declared channels, non-empty titles), so it gets a guide that meets it; the DTD check above covers the fixtures.
        var start = new DateTimeOffset(2024, 5, 1, 6, 0, 0, TimeSpan.FromHours(2));
        var guide = new XmltvGuide(
            [
                new XmltvChannel { Id = "bbcone.bbc.co.uk", DisplayNames = [new("BBC One", "en"), new("BBC 1")], Icons = [new("http://logo.example/bbc1.png", 256, 256)], Urls = ["http://www.bbc.co.uk/"] },
                new XmltvChannel { Id = "arte.fr", DisplayNames = [new("Arte", "fr")] },
            ],
            [
                new XmltvProgramme
                {
                    Channel = "bbcone.bbc.co.uk", Start = start, Stop = start.AddMinutes(30), Titles = [new("News & Weather <live>", "en")],
                    SubTitles = [new("Morning", "en")], Descriptions = [new("Headlines \"today\".", "en")], Date = "2024",
                    Categories = [new("News", "en")], Icons = [new("http://img.example/n.png")],
                    EpisodeNumbers = [new("xmltv_ns", "0.4.0/1"), new("onscreen", "S01E05")], PreviouslyShown = true, IsNew = false,
                    Ratings = [new("PG", "MPAA")],
                },
                new XmltvProgramme { Channel = "arte.fr", Start = start, Stop = start.AddHours(1), Titles = [new("Été", "fr")], IsNew = true },
            ],
            [],
            new Dictionary<string, string> { ["generator-info-name"] = "M3uStrm", ["x-unknown"] = "dropped" });
        var bytes = await Write(guide);

        var directory = Directory.CreateTempSubdirectory("xmltv-validate");
        try
        {
            var file = Path.Combine(directory.FullName, "guide.xml");
            await File.WriteAllBytesAsync(file, bytes);
            File.Copy(Fixtures.PathOf("xmltv/xmltv.dtd"), Path.Combine(directory.FullName, "xmltv.dtd"));
            var (exit, output) = await Run("tv_validate_file", file, directory.FullName);
            Assert.True(exit == 0, $"tv_validate_file failed ({exit}):\n{output}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        var again = await ReadBytes(bytes);
        Assert.Equal(guide.Programmes[0].Titles, again.Programmes[0].Titles);
        Assert.Equal(start, again.Programmes[0].Start);
        Assert.Equal(start.Offset, again.Programmes[0].Start.Offset);
    }

    [Fact]
    public async Task Tv_validate_file_rejects_an_invalid_guide_so_the_validation_test_means_something()
    {
        var directory = Directory.CreateTempSubdirectory("xmltv-invalid");
        try
        {
            var file = Path.Combine(directory.FullName, "guide.xml");
            await File.WriteAllTextAsync(file, "<?xml version=\"1.0\"?>\n<!DOCTYPE tv SYSTEM \"xmltv.dtd\">\n<tv><programme channel=\"a\"><title>x</title></programme></tv>\n");
            File.Copy(Fixtures.PathOf("xmltv/xmltv.dtd"), Path.Combine(directory.FullName, "xmltv.dtd"));
            var (exit, _) = await Run("tv_validate_file", file, directory.FullName);
            Assert.NotEqual(0, exit);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> Run(string tool, string argument, string dtdDirectory)
    {
        // Fails loudly when xmltv-util is missing: this check must not be skipped silently.
        using var process = Process.Start(new ProcessStartInfo(tool, [argument])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // tv_validate_file fetches xmltv.dtd from supplement.xmltv.org unless pointed at a local copy (the fixtures' DTD).
            Environment = { ["XMLTV_SUPPLEMENT"] = dtdDirectory },
        }) ?? throw new InvalidOperationException($"{tool} could not be started (apt-get install xmltv-util).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    internal static async Task<XmltvGuide> Read(string relative)
    {
        await using var stream = File.OpenRead(Fixtures.PathOf(relative));
        return await XmltvReader.ReadAllAsync(stream);
    }

    internal static async Task<XmltvGuide> ReadBytes(byte[] bytes) => await XmltvReader.ReadAllAsync(new MemoryStream(bytes));

    internal static async Task<byte[]> Write(XmltvGuide guide)
    {
        using var output = new MemoryStream();
        await XmltvWriter.WriteAsync(output, guide.Channels, guide.Programmes.ToAsyncEnumerable(), guide.TvAttributes);
        return output.ToArray();
    }
}

public sealed class XmltvReadingRulesTests
{
    private static Task<XmltvGuide> ReadText(string xml) => XmltvFixtureTests.ReadBytes(Encoding.UTF8.GetBytes(xml));

    [Fact]
    public async Task Missing_stop_is_taken_from_the_next_programme_of_the_same_channel()
    {
        var guide = await ReadText("""
            <tv>
              <programme start="20240501000000 +0000" channel="a"><title>A1</title></programme>
              <programme start="20240501003000 +0000" stop="20240501010000 +0000" channel="b"><title>B1</title></programme>
              <programme start="20240501010000 +0000" channel="a"><title>A2</title></programme>
            </tv>
            """);

        var a1 = guide.Programmes.Single(p => p.Title == "A1");
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture), a1.Stop);
        Assert.True(a1.StopInferred);
        var a2 = guide.Programmes.Single(p => p.Title == "A2");
        Assert.Null(a2.Stop);
        Assert.Contains(guide.Problems, p => p.Code == "stop-unknown");
    }

    [Theory]
    [InlineData("20080715003000 -0600", "2008-07-15T00:30:00-06:00")]
    [InlineData("20080715003000 +0530", "2008-07-15T00:30:00+05:30")]
    [InlineData("20080715003000", "2008-07-15T00:30:00+00:00")]
    [InlineData("200807150030 +0100", "2008-07-15T00:30:00+01:00")]
    [InlineData("20080715003000 +02:00", "2008-07-15T00:30:00+02:00")]
    [InlineData("20080715003000Z", "2008-07-15T00:30:00+00:00")]
    [InlineData("20010829000500 BST", "2001-08-29T00:05:00+01:00")]
    public void Times_with_any_offset_or_none_are_read(string text, string expected)
    {
        Assert.True(XmltvTime.TryParse(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, value.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2008")]
    [InlineData("20081315003000 +0000")]
    [InlineData("20080715003000 XYZ")]
    [InlineData("20080715253000")]
    public void Bad_times_are_rejected(string text) => Assert.False(XmltvTime.TryParse(text, out _));

    [Fact]
    public async Task Bad_times_are_reported_not_fatal()
    {
        var guide = await ReadText("""
            <tv>
              <programme start="yesterday" channel="a"><title>X</title></programme>
              <programme start="20240501000000 +0000" stop="soon" channel="a"><title>Y</title></programme>
              <programme start="20240501010000 +0000" stop="20240501020000 +0000" channel="a"><title>Z</title></programme>
            </tv>
            """);

        Assert.Equal(["Y", "Z"], guide.Programmes.Select(p => p.Title));
        Assert.Equal(2, guide.Problems.Count(p => p.Code == "bad-time"));
        Assert.Equal(guide.Programmes[1].Start, guide.Programmes[0].Stop);
    }

    [Fact]
    public async Task Programme_details_are_read_with_languages()
    {
        var guide = await XmltvFixtureTests.Read("parser-cases/xmltv-project/input/test.xml");

        var channel = guide.Channels.First(c => c.DisplayNames.Count > 1);
        Assert.NotEmpty(channel.DisplayNames);
        var programme = Assert.Single(guide.Programmes);
        Assert.NotNull(programme.XmltvNs);
        Assert.NotEmpty(programme.Categories);
        Assert.Contains(guide.Channels.SelectMany(c => c.DisplayNames), n => n.Lang is not null);
    }

    [Fact]
    public async Task Episode_numbers_xmltv_ns_are_one_based_and_onscreen_is_kept()
    {
        var guide = await ReadText("""
            <tv><programme start="20240501000000" channel="a"><title>T</title>
            <episode-num system="xmltv_ns">2.9.0/1</episode-num><episode-num system="onscreen">S03E10</episode-num>
            <previously-shown/><new/><rating system="MPAA"><value>PG</value></rating></programme></tv>
            """);

        var p = Assert.Single(guide.Programmes);
        Assert.Equal(3, p.Season);
        Assert.Equal(10, p.Episode);
        Assert.Equal("S03E10", p.OnScreen);
        Assert.True(p.PreviouslyShown);
        Assert.True(p.IsNew);
        Assert.Equal(new XmltvRating("PG", "MPAA"), Assert.Single(p.Ratings));
    }

    [Fact]
    public async Task Broken_xml_keeps_what_was_read_and_reports_the_line()
    {
        var guide = await XmltvFixtureTests.Read("parser-cases/xmltv-ektotv/broken.xml");

        Assert.Contains(guide.Problems, p => p.Code == "not-well-formed" && p.Line == 9);
    }

    [Fact]
    public async Task Dtd_and_entities_are_not_processed()
    {
        var guide = await ReadText("""
            <?xml version="1.0"?>
            <!DOCTYPE tv [<!ENTITY boom "boomboomboom"><!ENTITY ext SYSTEM "file:///etc/passwd">]>
            <tv><channel id="a"><display-name>&ext;</display-name></channel></tv>
            """);

        Assert.Empty(guide.Channels);
        Assert.Contains(guide.Problems, p => p.Code == "not-well-formed");
    }

    [Fact]
    public async Task Gzip_is_detected_by_magic_bytes()
    {
        var plain = await XmltvFixtureTests.Read("parser-cases/iptv-org-epg/expected_epg_grab/gzip__guide.xml");
        var packed = await XmltvFixtureTests.Read("parser-cases/iptv-org-epg/expected_epg_grab/gzip__guide.xml.gz");

        Assert.Equal(plain.Programmes.Select(p => p.Title), packed.Programmes.Select(p => p.Title));
    }

    [Fact]
    public async Task Xmltv_reader_survives_truncation_and_random_bytes()
    {
        var bytes = await File.ReadAllBytesAsync(Fixtures.PathOf("parser-cases/xmltv-ektotv/example.xml"));
        for (var length = 0; length < bytes.Length; length += 7)
        {
            _ = await XmltvFixtureTests.ReadBytes(bytes[..length]);
        }

        var random = new Random(20240501);
        for (var round = 0; round < 100; round++)
        {
            var mutated = (byte[])bytes.Clone();
            for (var k = 0; k < 10; k++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            _ = await XmltvFixtureTests.ReadBytes(mutated);
            var noise = new byte[random.Next(0, 2000)];
            random.NextBytes(noise);
            _ = await XmltvFixtureTests.ReadBytes(noise);
        }
    }
}

/// <summary>DTD validation against the fixtures' xmltv.dtd; the resolver serves that one local file and nothing else.</summary>
internal static class XmltvDtd
{
    public static List<string> Validate(byte[] document)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Parse,
            ValidationType = ValidationType.DTD,
            XmlResolver = new LocalDtdResolver(Fixtures.PathOf("xmltv/xmltv.dtd")),
        };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Exception?.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new MemoryStream(document), settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    private sealed class LocalDtdResolver(string dtdPath) : XmlResolver
    {
        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) =>
            absoluteUri.AbsolutePath.EndsWith("/xmltv.dtd", StringComparison.Ordinal)
                ? File.OpenRead(dtdPath)
                : throw new XmlException($"Only xmltv.dtd may be resolved, not {absoluteUri}.");
    }
}
