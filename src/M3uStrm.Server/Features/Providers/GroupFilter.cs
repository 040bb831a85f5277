using System.Text.Json;
using System.Text.RegularExpressions;

namespace M3uStrm.Server.Features.Providers;

/// <summary>Include/exclude filters on group names: exact (case-insensitive) or <c>/regex/</c>.</summary>
internal sealed class GroupFilter
{
    private readonly List<Func<string, bool>> include;
    private readonly List<Func<string, bool>> exclude;

    public GroupFilter(IEnumerable<string> include, IEnumerable<string> exclude)
    {
        this.include = [.. include.Select(Compile)];
        this.exclude = [.. exclude.Select(Compile)];
    }

    public static GroupFilter For(Provider provider) => new(Parse(provider.IncludeGroups), Parse(provider.ExcludeGroups));

    public static IReadOnlyList<string> Parse(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];

    public bool Allows(string? group)
    {
        var name = group ?? "";
        return (include.Count == 0 || include.Any(f => f(name))) && !exclude.Any(f => f(name));
    }

    /// <summary>Null when the pattern is valid; otherwise why not (used to validate requests).</summary>
    public static string? Validate(string pattern)
    {
        if (!IsRegex(pattern))
        {
            return null;
        }

        try
        {
            _ = new Regex(pattern[1..^1], RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    private static bool IsRegex(string pattern) => pattern.Length >= 2 && pattern[0] == '/' && pattern[^1] == '/';

    private static Func<string, bool> Compile(string pattern)
    {
        if (IsRegex(pattern))
        {
            var regex = new Regex(pattern[1..^1], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            return regex.IsMatch;
        }

        return name => string.Equals(name, pattern, StringComparison.OrdinalIgnoreCase);
    }
}
