using System.Security.Cryptography;
using System.Text;
using M3uStrm.Server.Features.Providers;
using Microsoft.AspNetCore.DataProtection;

namespace M3uStrm.Server.Features.Epg;

/// <summary>Guide URLs carry provider credentials (<c>xmltv.php?username=…&amp;password=…</c>): encrypted at rest, masked in answers.</summary>
internal sealed class EpgSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("M3uStrm.Epg.v1");

    public string? Protect(string? value) => string.IsNullOrEmpty(value) ? null : protector.Protect(value);

    public string? Unprotect(string? value) => string.IsNullOrEmpty(value) ? null : protector.Unprotect(value);

    public static string Mask(string url) => ProviderSecrets.Mask(url);

    public static string Hash(string url) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(url.Trim())));

    /// <summary>Sets the encrypted URL, its masked form and its hash on <paramref name="source"/>.</summary>
    public void SetUrl(EpgSource source, string url)
    {
        url = url.Trim();
        source.UrlProtected = Protect(url);
        source.UrlMasked = Mask(url);
        source.UrlHash = Hash(url);
    }
}
