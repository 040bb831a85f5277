using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;

namespace M3uStrm.Server.Features.Providers;

/// <summary>Encrypts provider URLs and passwords at rest and masks credentials for answers and logs.</summary>
public sealed partial class ProviderSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("M3uStrm.Providers.v1");

    public string? Protect(string? value) => string.IsNullOrEmpty(value) ? null : protector.Protect(value);

    public string? Unprotect(string? value) => string.IsNullOrEmpty(value) ? null : protector.Unprotect(value);

    /// <summary>
    /// Replaces credential-looking parts of a URL with <c>***</c>: user-info, the values of query keys such
    /// as username/password/token, and the user/password path segments of Xtream-style URLs.
    /// </summary>
    public static string Mask(string url)
    {
        var masked = UserInfo().Replace(url, "${scheme}***@");
        masked = SecretQuery().Replace(masked, "${key}=***");
        return XtreamPath().Replace(masked, "/${kind}/***/***/");
    }

    [GeneratedRegex(@"(?<scheme>[a-z][a-z0-9+.-]*://)[^/@\s]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(?<key>(?:user(?:name)?|pass(?:word)?|pwd|token|auth|key|apikey|api_key|sig|signature))=[^&#\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretQuery();

    [GeneratedRegex(@"/(?<kind>live|movie|series|timeshift)/[^/\s]+/[^/\s]+/", RegexOptions.IgnoreCase)]
    private static partial Regex XtreamPath();
}
