using System.Reflection;

namespace M3uStrm.Formats.Tests;

/// <summary>Locates ../shared/fixtures. Override with the M3USTRM_FIXTURES environment variable.</summary>
internal static class Fixtures
{
    public static string Root { get; } = Resolve();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Resolve()
    {
        var fromEnv = Environment.GetEnvironmentVariable("M3USTRM_FIXTURES");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }

        var fromBuild = typeof(Fixtures).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "FixturesDirectory")?.Value;
        return Path.GetFullPath(fromBuild ?? "../shared/fixtures");
    }
}
