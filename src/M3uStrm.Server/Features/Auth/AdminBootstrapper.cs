using M3uStrm.Server.Features.Users;
using M3uStrm.Server.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Auth;

/// <summary>
/// First start: create the roles and, when no admin exists, one admin account. Its password comes from
/// <c>Admin:Password</c> or is generated and printed once to the console; it is never stored anywhere else.
/// </summary>
internal sealed class AdminBootstrapper(
    UserManager<AppUser> users,
    RoleManager<AppRole> roles,
    IOptions<AdminOptions> options,
    TimeProvider time,
    ILogger<AdminBootstrapper> logger)
{
    public async Task EnsureAdminAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new AppRole(role)), $"create role {role}");
            }
        }

        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        if (admins.Count > 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var username = options.Value.Username;
        var configured = options.Value.Password;
        var password = string.IsNullOrEmpty(configured) ? Secrets.NewPassword() : configured;

        var user = await users.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == users.NormalizeName(username), cancellationToken);
        if (user is null)
        {
            user = NewUser(username, time);
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(
                    $"Admin:Password is not acceptable: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            }
        }
        else
        {
            // An account of that name exists without the admin role: promote it, keep its password.
            password = null;
        }

        Check(await users.AddToRoleAsync(user, Roles.Admin), "grant admin role");

        if (password is not null && string.IsNullOrEmpty(configured))
        {
            // Printed to the console directly (not through logging) so it never lands in shipped log files twice.
            await Console.Out.WriteLineAsync($"""

                ================================================================
                 First start: created admin account '{username}' with password: {password}
                 Sign in and change it. This password is not shown again.
                ================================================================

                """);
            await Console.Out.FlushAsync(cancellationToken);
        }
        else
        {
            logger.LogInformation("First start: created admin account {Username} from configuration", username);
        }
    }

    internal static AppUser NewUser(string username, TimeProvider time, string? email = null) => new()
    {
        UserName = username,
        Email = email,
        PlaybackToken = Secrets.NewToken(),
        XtreamPassword = Secrets.NewToken(16),
        CreatedAt = time.GetUtcNow().UtcDateTime,
        Enabled = true,
    };

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
