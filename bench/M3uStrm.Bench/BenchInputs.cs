using System.Diagnostics;

namespace M3uStrm.Bench;

/// <summary>Inputs made by the shared generators (the same ones PEERS.md uses), cached in bench/out.</summary>
internal static class BenchInputs
{
    public static byte[] Playlist(int entries) => Generate("gen_playlist.py", $"{entries}", $"playlist_{entries}.m3u");

    public static byte[] Guide(int channels, int days) => Generate("gen_xmltv.py", $"{channels} {days}", $"guide_{channels}x{days}.xml");

    private static byte[] Generate(string generator, string arguments, string name)
    {
        var bench = FindBenchDirectory();
        var output = Path.Combine(bench, "out", name);
        if (!File.Exists(output))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            var shared = Environment.GetEnvironmentVariable("M3USTRM_SHARED") ?? Path.Combine(bench, "..", "..", "shared");
            using var process = Process.Start("python3", $"{Path.Combine(shared, "bench", generator)} {arguments} {output}")
                ?? throw new InvalidOperationException("python3 is needed to generate benchmark inputs.");
            process.WaitForExit();
        }

        return File.ReadAllBytes(output);
    }

    private static string FindBenchDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "compare.sh")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run from inside the repository (bench/compare.sh not found).");
    }
}
