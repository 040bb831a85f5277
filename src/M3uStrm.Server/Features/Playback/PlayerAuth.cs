using System.Security.Cryptography;
using System.Text;
using M3uStrm.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Playback;

/// <summary>The user a player-facing request belongs to.</summary>
public sealed record PlayerAccount(Guid UserId, string Username, string PlaybackToken, string XtreamPassword);

/// <summary>
/// Players cannot sign in, so player-facing routes (playlists, Xtream API, HDHomeRun, <c>/play</c>) carry the
/// user's playback token or Xtream credentials in the URL (design.md §5). Only enabled users pass; a wrong value
/// learns nothing about which part was wrong.
/// </summary>
public sealed class PlayerAuth(AppDbContext db)
{
    private const int MinTokenLength = 16;

    public async Task<PlayerAccount?> ByTokenAsync(string? token, CancellationToken cancellationToken)
    {
        if (token is null || token.Length < MinTokenLength || token.Length > 128)
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.PlaybackToken == token && u.Enabled)
            .Select(u => new { u.Id, u.UserName, u.PlaybackToken, u.XtreamPassword }).FirstOrDefaultAsync(cancellationToken);
        return user is null ? null : new PlayerAccount(user.Id, user.UserName ?? "", user.PlaybackToken, user.XtreamPassword);
    }

    public async Task<PlayerAccount?> ByXtreamAsync(string? username, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password) || username.Length > 256 || password.Length > 128)
        {
            return null;
        }

        var normalized = username.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized && u.Enabled)
            .Select(u => new { u.Id, u.UserName, u.PlaybackToken, u.XtreamPassword }).FirstOrDefaultAsync(cancellationToken);
        if (user is null || user.XtreamPassword.Length == 0
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.XtreamPassword), Encoding.UTF8.GetBytes(password)))
        {
            return null;
        }

        return new PlayerAccount(user.Id, user.UserName ?? "", user.PlaybackToken, user.XtreamPassword);
    }
}
