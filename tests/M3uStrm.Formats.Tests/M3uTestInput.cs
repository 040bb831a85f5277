using System.Text;
using M3uStrm.Formats.M3u;

namespace M3uStrm.Formats.Tests;

internal static class M3uTestInput
{
    public static M3uPlaylist Read(string text) => Read(Encoding.UTF8.GetBytes(text));

    public static M3uPlaylist Read(byte[] bytes, M3uReaderOptions? options = null)
    {
        using var stream = new MemoryStream(bytes);
        return M3uReader.ReadAll(stream, options);
    }

    public static M3uPlaylist ReadFixture(string relative)
    {
        using var stream = File.OpenRead(Fixtures.PathOf(relative));
        return M3uReader.ReadAll(stream);
    }

    public static IEnumerable<string> PlaylistFixtures() =>
        Directory.EnumerateFiles(Fixtures.Root, "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".m3u", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase))
            .Select(p => Path.GetRelativePath(Fixtures.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static TheoryData<string> PlaylistFixtureData()
    {
        var data = new TheoryData<string>();
        foreach (var path in PlaylistFixtures())
        {
            data.Add(path);
        }

        return data;
    }

    public static byte[] Write(M3uPlaylist playlist)
    {
        using var output = new MemoryStream();
        M3uWriter.Write(output, playlist.Header, playlist.Entries);
        return output.ToArray();
    }
}
