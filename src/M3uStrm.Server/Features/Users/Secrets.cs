using System.Security.Cryptography;

namespace M3uStrm.Server.Features.Users;

/// <summary>Random secrets for tokens and generated passwords (URL-safe, unambiguous).</summary>
internal static class Secrets
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string NewToken(int length = 32) => RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>A password that satisfies the Identity rules (upper, lower, digit, symbol) with ~120 bits of entropy.</summary>
    public static string NewPassword()
    {
        var core = RandomNumberGenerator.GetString(Alphabet, 20);
        return $"{core}-{RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", 1)}{RandomNumberGenerator.GetString("23456789", 1)}a";
    }
}
