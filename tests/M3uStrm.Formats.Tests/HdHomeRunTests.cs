using System.Text.Json;
using System.Xml.Linq;
using M3uStrm.Formats.HdHomeRun;

namespace M3uStrm.Formats.Tests;

/// <summary>Our HDHomeRun answers use the real devices' field names and JSON types.</summary>
public sealed class HdHomeRunTests
{
    [Theory]
    [InlineData("hdhomerun/tacoded-hdfx-4k/discover.json")]
    [InlineData("hdhomerun/jellyfin/192.168.1.182_discover.json")]
    [InlineData("hdhomerun/jellyfin/10.10.10.100_discover.json")]
    public async Task Discover_round_trips_with_the_device_field_names_and_types(string path)
    {
        var original = await File.ReadAllTextAsync(Fixtures.PathOf(path));
        var discover = HdHomeRunWriter.ReadDiscover(original)!;
        using var output = new MemoryStream();
        await HdHomeRunWriter.WriteDiscoverAsync(output, discover);

        AssertSameShape(original, output.ToArray());
    }

    [Theory]
    [InlineData("hdhomerun/tacoded-hdfx-4k/lineup.json")]
    [InlineData("hdhomerun/jellyfin/192.168.1.182_lineup.json")]
    public async Task Lineup_round_trips_with_the_device_field_names_and_types(string path)
    {
        var original = await File.ReadAllTextAsync(Fixtures.PathOf(path));
        var lineup = HdHomeRunWriter.ReadLineup(original);
        Assert.NotEmpty(lineup);
        using var output = new MemoryStream();
        await HdHomeRunWriter.WriteLineupAsync(output, lineup);

        AssertSameShape(original, output.ToArray());
    }

    [Fact]
    public void Legacy_empty_object_lineup_reads_as_empty()
    {
        Assert.Empty(HdHomeRunWriter.ReadLineup(File.ReadAllText(Fixtures.PathOf("hdhomerun/jellyfin/10.10.10.100_lineup.json"))));
    }

    [Fact]
    public async Task Lineup_status_round_trips()
    {
        var original = await File.ReadAllTextAsync(Fixtures.PathOf("hdhomerun/tacoded-hdfx-4k/lineup_status.json"));
        using var output = new MemoryStream();
        await HdHomeRunWriter.WriteLineupStatusAsync(output, HdHomeRunWriter.ReadLineupStatus(original)!);

        AssertSameShape(original, output.ToArray());
    }

    [Fact]
    public async Task Device_xml_has_the_upnp_elements_of_the_emulator_templates()
    {
        using var output = new MemoryStream();
        await HdHomeRunWriter.WriteDeviceXmlAsync(output, new HdHomeRunDevice
        {
            FriendlyName = "M3uStrm",
            ModelName = "HDTC-2US",
            ModelNumber = "HDTC-2US",
            Udn = "1234abcd",
            BaseUrl = "http://10.0.0.2:8080",
        });
        output.Position = 0;
        var ours = XDocument.Load(output);
        var template = XDocument.Parse(File.ReadAllText(Fixtures.PathOf("hdhomerun/locast2tuner/device.xml.template")));

        Assert.Equal(template.Root!.Name, ours.Root!.Name);
        var theirNames = template.Descendants().Select(e => e.Name.LocalName).ToHashSet();
        var ourNames = ours.Descendants().Select(e => e.Name.LocalName).ToHashSet();
        Assert.Subset(ourNames, theirNames);
        XNamespace ns = "urn:schemas-upnp-org:device-1-0";
        Assert.Equal("uuid:1234abcd", ours.Root.Element(ns + "device")!.Element(ns + "UDN")!.Value);
        Assert.Equal("http://10.0.0.2:8080", ours.Root.Element(ns + "URLBase")!.Value);
    }

    private static void AssertSameShape(string original, byte[] ours)
    {
        using var a = JsonDocument.Parse(original);
        using var b = JsonDocument.Parse(ours);
        AssertSame(a.RootElement, b.RootElement, "$");
    }

    private static void AssertSame(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {expected.ValueKind} vs {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(), actual.EnumerateObject().Select(p => p.Name).Order());
                foreach (var p in expected.EnumerateObject())
                {
                    AssertSame(p.Value, actual.GetProperty(p.Name), $"{path}.{p.Name}");
                }

                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    AssertSame(expected[i], actual[i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.Equal(expected.GetRawText(), actual.GetRawText());
                break;
        }
    }
}
