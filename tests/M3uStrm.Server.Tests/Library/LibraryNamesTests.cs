using System.Text;
using M3uStrm.Server.Features.Library;

namespace M3uStrm.Server.Tests.Library;

/// <summary>Name rules without a server: NFC (the server runs with invariant globalization), sanitising, the root check.</summary>
public sealed class LibraryNamesTests
{
    // Expected values from Python's unicodedata.normalize.
    [Theory]
    [InlineData("Ame\u0301lie", "Am\u00e9lie", "Ame\u0301lie")]
    [InlineData("e\u0323\u0302", "\u1ec7", "e\u0323\u0302")]
    [InlineData("Vie\u0323\u0302t Nam", "Vi\u1ec7t Nam", "Vie\u0323\u0302t Nam")]
    [InlineData("a\u0301\u0316", "\u00e1\u0316", "a\u0316\u0301")]
    [InlineData("\u212b", "\u00c5", "A\u030a")]
    [InlineData("Caf\u00e9", "Caf\u00e9", "Cafe\u0301")]
    [InlineData("\u1e0b\u0323", "\u1e0d\u0307", "d\u0323\u0307")]
    [InlineData("\u1100\u1161\u11a8", "\uac01", "\u1100\u1161\u11a8")]
    [InlineData("\uac00\u11a8", "\uac01", "\u1100\u1161\u11a8")]
    [InlineData("\u0958", "\u0915\u093c", "\u0915\u093c")]
    [InlineData("Popcorn 🍿", "Popcorn 🍿", "Popcorn 🍿")]
    public void Nfc_and_nfd_match_the_unicode_reference(string input, string nfc, string nfd)
    {
        Assert.Equal(nfc, UnicodeNfc.Compose(input));
        Assert.Equal(nfd, UnicodeNfc.Decompose(input));
    }

    [Theory]
    [InlineData("../../etc/passwd", "etc-passwd")]
    [InlineData("CON", "_CON")]
    [InlineData("con.txt", "_con.txt")]
    [InlineData("LPT9", "_LPT9")]
    [InlineData("a/b\\c", "a-b-c")]
    [InlineData("name. ", "name")]
    [InlineData("..", "Untitled")]
    [InlineData("<>:\"|?*", "Untitled")]
    [InlineData("Madagascar: Escape 2 Africa", "Madagascar - Escape 2 Africa")]
    [InlineData("Ame\u0301lie", "Am\u00e9lie")]
    [InlineData("line\nbreak\ttab", "line break tab")]
    [InlineData("\u202Eevil", "evil")]
    [InlineData("nul\u0000char", "nul char")]
    public void Components_are_sanitised(string raw, string expected) => Assert.Equal(expected, LibraryNames.Component(raw));

    [Fact]
    public void Long_names_are_cut_at_a_character_boundary()
    {
        var name = LibraryNames.Component(string.Concat(Enumerable.Repeat("é🍿", 200)));
        Assert.True(Encoding.UTF8.GetByteCount(name) <= LibraryNames.MaxComponentBytes);
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(name)));
        Assert.False(char.IsHighSurrogate(name[^1]));
    }

    [Fact]
    public void Paths_outside_the_root_are_refused()
    {
        var root = Path.Combine(Path.GetTempPath(), "lib-root");
        Assert.NotNull(LibraryNames.Inside(root, "Movies/A/A.strm"));
        Assert.Null(LibraryNames.Inside(root, "../x.strm"));
        Assert.Null(LibraryNames.Inside(root, "Movies/../../x.strm"));
        Assert.Null(LibraryNames.Inside(root, "/etc/passwd"));
        Assert.Null(LibraryNames.Inside(root, "Movies\\..\\x"));
        Assert.Null(LibraryNames.Inside(root, "Movies//x"));
    }

    [Theory]
    [InlineData("Show - S01E02 - Pilot", 1, 2, "Pilot")]
    [InlineData("Other Name - s1e2 - Pilot", 1, 2, "Pilot")]
    [InlineData("S01E03", 1, 2, "S01E03")]
    [InlineData("Show - S01E02", 1, 2, null)]
    [InlineData("   ", 1, 2, null)]
    public void Provider_episode_titles_lose_the_repeated_code(string raw, int season, int number, string? expected) =>
        Assert.Equal(expected, LibraryPlanner.EpisodeTitle(raw, season, number));
}
