using M3uStrm.Server.Features.Users;
using M3uStrm.Server.Hosting;
using Microsoft.AspNetCore.Identity;

namespace M3uStrm.Server.Features.Auth;

/// <summary>
/// Checks credentials (with lockout), the optional TOTP code, and signs in with the requested scheme.
/// Every failure answers the same way whether or not the user exists.
/// </summary>
internal sealed class SignInService(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    TimeProvider time,
    ILogger<SignInService> logger)
{
    public async Task<IResult> SignInAsync(LoginRequest request, string scheme)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Username))
        {
            errors["username"] = ["username is required."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["password is required."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var user = await users.FindByNameAsync(request.Username!.Trim());
        if (user is null)
        {
            // Same work as a real check, so timing does not tell whether the user exists.
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, request.Password!);
            logger.LogInformation("Sign-in refused: unknown user");
            return AuthEndpoints.Unauthorized();
        }

        var check = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused: {UserId} is locked out", user.Id);
            return AuthEndpoints.Unauthorized("Too many failed attempts: the account is temporarily locked. Try again later.");
        }

        if (!check.Succeeded || !user.Enabled)
        {
            logger.LogInformation("Sign-in refused for {UserId}", user.Id);
            return AuthEndpoints.Unauthorized();
        }

        if (user.TwoFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(request.TwoFactorCode))
            {
                return AuthEndpoints.Unauthorized("A two-factor code is required.", requiresTwoFactor: true);
            }

            var code = request.TwoFactorCode.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
                || (await users.RedeemTwoFactorRecoveryCodeAsync(user, request.TwoFactorCode.Trim())).Succeeded;
            if (!valid)
            {
                await users.AccessFailedAsync(user);
                return AuthEndpoints.Unauthorized("The two-factor code is not valid.", requiresTwoFactor: true);
            }
        }

        await users.ResetAccessFailedCountAsync(user);
        user.LastLoginAt = time.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);

        signIn.AuthenticationScheme = scheme;
        await signIn.SignInAsync(user, isPersistent: true);
        if (scheme == IdentityConstants.BearerScheme)
        {
            // The bearer handler has written the token answer itself.
            return TypedResults.Empty;
        }

        return TypedResults.Ok(await MeEndpoints.ToMeAsync(users, user));
    }

    private static class DummyHash
    {
        public static readonly string Value = new PasswordHasher<AppUser>().HashPassword(new AppUser(), Secrets.NewToken());
    }
}
