using BenchmarkDotNet.Attributes;
using M3uStrm.Formats.Xmltv;

namespace M3uStrm.Bench;

[MemoryDiagnoser]
public class XmltvBenchmarks
{
    private byte[] _guide = [];
    private XmltvGuide _parsed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _guide = BenchInputs.Guide(100, 7);
        _parsed = XmltvReader.ReadAllAsync(new MemoryStream(_guide)).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "read 100-channel week")]
    public async Task<long> Read()
    {
        long n = 0;
        await foreach (var item in new XmltvReader(new MemoryStream(_guide)).ReadAsync())
        {
            n += item is XmltvProgramme ? 1 : 0;
        }

        return n;
    }

    [Benchmark(Description = "write 100-channel week")]
    public async Task<long> Write()
    {
        var output = new MemoryStream(_guide.Length + 1024);
        await XmltvWriter.WriteAsync(output, _parsed.Channels, _parsed.Programmes.ToAsyncEnumerable(), _parsed.TvAttributes);
        return output.Length;
    }
}
