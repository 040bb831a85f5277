using M3uStrm.Formats.M3u;

namespace M3uStrm.Formats.Tests;

/// <summary>Every playlist in the fixtures parses, with the entry counts the MANIFEST states.</summary>
public sealed class M3uFixtureConformanceTests
{
    public static TheoryData<string> Playlists => M3uTestInput.PlaylistFixtureData();

    [Fact]
    public void Fixtures_folder_holds_the_playlists_the_manifest_lists()
    {
        Assert.True(M3uTestInput.PlaylistFixtures().Count() > 100, $"fixtures not found under {Fixtures.Root}");
    }

    [Theory]
    [MemberData(nameof(Playlists))]
    public void Playlist_parses_with_as_many_extinf_entries_as_the_manifest_counts(string path)
    {
        var playlist = M3uTestInput.ReadFixture(path);
        var expected = Manifest.ExtInfCount(path);
        Assert.NotNull(expected);
        Assert.Equal(expected, playlist.Entries.Count(e => e.HasExtInf));
    }

    [Theory]
    [MemberData(nameof(Playlists))]
    public void Written_playlist_reads_back_unchanged(string path)
    {
        var original = M3uTestInput.ReadFixture(path);
        var again = M3uTestInput.Read(M3uTestInput.Write(original));

        Assert.Equal(original.Header.Attributes, again.Header.Attributes);
        Assert.Equal(original.Entries.Count, again.Entries.Count);
        for (var i = 0; i < original.Entries.Count; i++)
        {
            M3uAssert.SameContent(original.Entries[i], again.Entries[i]);
        }

        // Writing is a fixed point: the second write is byte-identical to the first.
        Assert.Equal(M3uTestInput.Write(again), M3uTestInput.Write(original));
    }
}

internal static class M3uAssert
{
    public static void SameContent(M3uEntry expected, M3uEntry actual)
    {
        Assert.Equal(expected.HasExtInf, actual.HasExtInf);
        Assert.Equal(expected.Duration, actual.Duration);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Attributes, actual.Attributes);
        Assert.Equal(expected.Url, actual.Url);
        Assert.Equal(expected.ExtGrp, actual.ExtGrp);
        Assert.Equal(expected.VlcOptions, actual.VlcOptions);
        Assert.Equal(expected.KodiProps, actual.KodiProps);
        Assert.Equal(expected.ExtHttpHeaders, actual.ExtHttpHeaders);
        Assert.Equal(expected.OtherDirectives, actual.OtherDirectives);
    }
}
