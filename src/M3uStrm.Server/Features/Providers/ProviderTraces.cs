using System.Security.Cryptography;
using System.Text.RegularExpressions;
using M3uStrm.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Providers;

/// <summary>
/// What of the providers must never reach a player (design.md §7): their private hosts and their credentials.
/// Stream URLs are never copied into outputs at all; images are (logos, posters, guide icons), and panels often
/// serve those from their own host or with the account in the URL. Outputs pass every such URL through
/// <see cref="ProviderImageGuard.Clean"/>, which drops the ones that would give a provider away.
/// </summary>
public sealed partial class ProviderTraces(AppDbContext db, ProviderSecrets secrets)
{
    /// <summary>Credentials shorter than this are not looked for: "tv" would match half the logos of the world.</summary>
    private const int MinSecretLength = 4;

    public async Task<ProviderImageGuard> LoadAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Set<Provider>().AsNoTracking()
            .Select(p => new { p.Kind, p.UrlProtected, p.Username, p.PasswordProtected })
            .ToListAsync(cancellationToken);
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var secretValues = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            AddSecret(secretValues, row.Username);
            AddSecret(secretValues, TryUnprotect(row.PasswordProtected));
            var url = TryUnprotect(row.UrlProtected);
            if (url is null || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
            {
                continue;
            }

            var credentials = Credentials(uri);
            foreach (var value in credentials)
            {
                AddSecret(secretValues, value);
            }

            // An Xtream server, or a playlist URL that carries an account, is a private panel: its host is a trace.
            // A public playlist's host (a Git forge, a CDN) is not, and often serves the logos of the list itself.
            if (row.Kind == ProviderKinds.Xtream || credentials.Count > 0)
            {
                hosts.Add(uri.Host);
            }
        }

        return new ProviderImageGuard(hosts, [.. secretValues]);
    }

    private string? TryUnprotect(string? value)
    {
        try
        {
            return secrets.Unprotect(value);
        }
        catch (CryptographicException)
        {
            // Keys lost: nothing to compare with, and nothing of this provider can be decrypted for output either.
            return null;
        }
    }

    private static void AddSecret(HashSet<string> set, string? value)
    {
        if (value is { Length: >= MinSecretLength })
        {
            set.Add(value);
            var escaped = Uri.EscapeDataString(value);
            if (escaped != value)
            {
                set.Add(escaped);
            }
        }
    }

    /// <summary>User info, the values of credential-like query keys, and the account segments of Xtream-style paths.</summary>
    private static List<string> Credentials(Uri uri)
    {
        var found = new List<string>();
        if (uri.UserInfo.Length > 0)
        {
            found.AddRange(uri.UserInfo.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString));
        }

        foreach (Match match in SecretQuery().Matches(uri.Query))
        {
            found.Add(Uri.UnescapeDataString(match.Groups["value"].Value));
        }

        if (XtreamPath().Match(uri.AbsolutePath) is { Success: true } path)
        {
            found.Add(Uri.UnescapeDataString(path.Groups["user"].Value));
            found.Add(Uri.UnescapeDataString(path.Groups["pass"].Value));
        }

        return found.Where(v => v.Length > 0).ToList();
    }

    [GeneratedRegex(@"(?:^|[?&])(?:user(?:name)?|pass(?:word)?|pwd|token|auth|key|apikey|api_key|sig|signature)=(?<value>[^&#]+)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretQuery();

    [GeneratedRegex(@"/(?:live|movie|series|timeshift)/(?<user>[^/]+)/(?<pass>[^/]+)/", RegexOptions.IgnoreCase)]
    private static partial Regex XtreamPath();
}

/// <summary>Drops image URLs that point at a provider's private host or carry a provider's credentials.</summary>
public sealed class ProviderImageGuard(IReadOnlySet<string> hosts, IReadOnlyList<string> secrets)
{
    public static ProviderImageGuard None { get; } = new(new HashSet<string>(), []);

    /// <summary>The URL, or null when it would give a provider away (an image is optional everywhere it is used).</summary>
    public string? Clean(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        if (hosts.Count > 0 && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && hosts.Contains(uri.Host))
        {
            return null;
        }

        foreach (var secret in secrets)
        {
            if (url.Contains(secret, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return url;
    }
}
