using BenchmarkDotNet.Attributes;
using M3uStrm.Formats.M3u;

namespace M3uStrm.Bench;

[MemoryDiagnoser]
public class M3uBenchmarks
{
    private byte[] _playlist = [];
    private M3uPlaylist _parsed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _playlist = BenchInputs.Playlist(100_000);
        _parsed = M3uReader.ReadAll(new MemoryStream(_playlist));
    }

    [Benchmark(Description = "read 100k entries")]
    public long Read()
    {
        long n = 0;
        foreach (var entry in new M3uReader(new MemoryStream(_playlist)).ReadEntries())
        {
            n += entry.Attributes.Count;
        }

        return n;
    }

    [Benchmark(Description = "read 100k entries (async)")]
    public async Task<long> ReadAsync()
    {
        long n = 0;
        await foreach (var entry in new M3uReader(new MemoryStream(_playlist)).ReadEntriesAsync())
        {
            n += entry.Attributes.Count;
        }

        return n;
    }

    [Benchmark(Description = "write 100k entries")]
    public long Write()
    {
        var output = new MemoryStream(_playlist.Length + 1024);
        M3uWriter.Write(output, _parsed.Header, _parsed.Entries);
        return output.Length;
    }
}
