using System.Reflection;

namespace M3uStrm.E2E;

/// <summary>Where the repository, the server's build output and the test artifacts are.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ServerProjectDirectory => Path.Combine(Root, "src", "M3uStrm.Server");

    /// <summary>The server built in the same configuration as this test assembly (Debug or Release).</summary>
    public static string ServerDll
    {
        get
        {
            var configuration = typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            return Path.Combine(ServerProjectDirectory, "bin", configuration, "net10.0", "M3uStrm.Server.dll");
        }
    }

    /// <summary>Screenshots and downloads of the E2E flows.</summary>
    public static string ArtifactsDirectory => Path.Combine(Root, "artifacts", "e2e");

    /// <summary>One screenshot per page of the UI (the page tour): <c>artifacts/screenshots/{route}.png</c>.</summary>
    public static string ScreenshotsDirectory => Path.Combine(Root, "artifacts", "screenshots");

    /// <summary>The shared test fixtures: <c>M3USTRM_FIXTURES</c>, else <c>../shared/fixtures</c> beside the repository.</summary>
    public static string FixturesDirectory =>
        Environment.GetEnvironmentVariable("M3USTRM_FIXTURES") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "M3uStrm.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No M3uStrm.slnx above {AppContext.BaseDirectory}.");
    }
}
