using System.Text;
using M3uStrm.Formats.M3u;

namespace M3uStrm.Formats.Tests;

public sealed class M3uWriterTests
{
    [Fact]
    public void Values_with_quotes_commas_and_line_breaks_are_escaped_and_read_back()
    {
        var entry = new M3uEntry
        {
            Duration = -1,
            Title = "Title, with comma",
            Attributes =
            [
                new M3uAttribute("tvg-name", "He said \"hi\""),
                new M3uAttribute("tvg-logo", "both ' and \" quotes"),
                new M3uAttribute("group-title", "a,b"),
                new M3uAttribute("x-custom", ""),
            ],
            Url = "http://x/1|User-Agent=UA",
            ExtGrp = "G",
            VlcOptions = [new M3uAttribute("http-user-agent", "VLC")],
            ExtHttpHeaders = [new M3uAttribute("cookie", "a=\"b\"")],
        };
        var header = new M3uHeader { Present = true, Attributes = [new M3uAttribute("x-tvg-url", "http://e/1.xml")] };

        using var output = new MemoryStream();
        M3uWriter.Write(output, header, [entry]);
        var again = M3uTestInput.Read(output.ToArray());

        Assert.Empty(again.Problems);
        Assert.Equal(header.Attributes, again.Header.Attributes);
        M3uAssert.SameContent(entry, Assert.Single(again.Entries));
    }

    [Fact]
    public async Task Async_writer_produces_the_same_bytes_as_the_sync_writer()
    {
        var playlist = M3uTestInput.ReadFixture("m3u/iptv-org/2021-09-01_08011fc/channels/us.m3u");
        using var output = new MemoryStream();
        await M3uWriter.WriteAsync(output, playlist.Header, playlist.Entries.ToAsyncEnumerable());

        Assert.Equal(M3uTestInput.Write(playlist), output.ToArray());
        Assert.StartsWith("#EXTM3U", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
    }
}
