using M3uStrm.Server.Features.Auth;
using M3uStrm.Server.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Library;

/// <summary>
/// The dedicated account whose playback token the STRM files carry (so a user's token never lands on a shared
/// disk, and revoking it only affects the library). Created on demand with role <c>user</c> and no password, so
/// nobody can sign in with it.
/// </summary>
internal sealed class LibraryAccount(UserManager<AppUser> users, IOptionsSnapshot<LibraryOptions> options, TimeProvider time)
{
    /// <summary>The account's playback token; null when it does not exist and <paramref name="create"/> is false.</summary>
    public async Task<string?> TokenAsync(bool create, CancellationToken cancellationToken)
    {
        var username = options.Value.Account;
        var user = await users.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == users.NormalizeName(username), cancellationToken);
        if (user is null)
        {
            if (!create)
            {
                return null;
            }

            user = AdminBootstrapper.NewUser(username, time);
            Check(await users.CreateAsync(user), $"create the library account '{username}'");
            Check(await users.AddToRoleAsync(user, Roles.User), $"give the library account '{username}' the role user");
        }

        if (!user.Enabled)
        {
            throw new LibraryException($"The library account '{username}' is disabled, so STRM files could not play. Enable it or set Library:Account.");
        }

        return user.PlaybackToken;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new LibraryException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}

/// <summary>A build that cannot run (configuration, account); its message is shown as the job's result.</summary>
public sealed class LibraryException(string message) : Exception(message);
