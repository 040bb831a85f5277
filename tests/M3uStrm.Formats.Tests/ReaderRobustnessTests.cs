using System.Text;
using M3uStrm.Formats.M3u;

namespace M3uStrm.Formats.Tests;

/// <summary>Fuzz-style: truncated, random and huge inputs never crash the readers (fixed seeds, so failures reproduce).</summary>
public sealed class ReaderRobustnessTests
{
    private static readonly byte[] Sample = File.ReadAllBytes(Fixtures.PathOf("parser-cases/iptv-playlist-parser/input/base.m3u"));

    [Fact]
    public void M3u_reader_survives_every_truncation_of_a_real_playlist()
    {
        for (var length = 0; length <= Sample.Length; length++)
        {
            var playlist = M3uTestInput.Read(Sample[..length]);
            Assert.All(playlist.Entries, e => Assert.True(e.Line >= 1));
        }
    }

    [Fact]
    public void M3u_reader_survives_random_bytes_and_random_mutations()
    {
        var random = new Random(20240501);
        for (var round = 0; round < 300; round++)
        {
            var bytes = new byte[random.Next(0, 4000)];
            random.NextBytes(bytes);
            _ = M3uTestInput.Read(bytes, new M3uReaderOptions { MaxLineLength = 512, BufferSize = 1024 });

            var mutated = (byte[])Sample.Clone();
            for (var k = 0; k < 20; k++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            _ = M3uTestInput.Read(mutated, new M3uReaderOptions { MaxLineLength = 64, BufferSize = 16 });
        }
    }

    [Fact]
    public void M3u_reader_bounds_a_huge_line_without_buffering_it()
    {
        var huge = new MemoryStream();
        huge.Write("#EXTM3U\n#EXTINF:-1 tvg-name=\""u8);
        var chunk = Encoding.ASCII.GetBytes(new string('a', 1 << 20));
        for (var i = 0; i < 64; i++)
        {
            huge.Write(chunk);
        }

        huge.Write("\",Huge\nhttp://x/1\n#EXTINF:-1,Next\nhttp://x/2\n"u8);
        huge.Position = 0;

        var playlist = M3uReader.ReadAll(huge);

        Assert.Equal(2, playlist.Entries.Count);
        Assert.Equal("Next", playlist.Entries[1].Title);
        Assert.Contains(playlist.Problems, p => p.Code == "line-too-long" && p.Line == 2);
    }

    [Fact]
    public void M3u_problem_list_is_bounded()
    {
        var text = new StringBuilder("#EXTM3U\n");
        for (var i = 0; i < 5000; i++)
        {
            text.Append("==junk==\n");
        }

        var playlist = M3uTestInput.Read(text.ToString());

        Assert.True(playlist.Problems.Count <= 1001);
        Assert.Equal("too-many-problems", playlist.Problems[^1].Code);
    }
}
