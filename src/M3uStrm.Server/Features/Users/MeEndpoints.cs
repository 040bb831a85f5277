using System.Text.Encodings.Web;
using M3uStrm.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace M3uStrm.Server.Features.Users;

/// <summary>The signed-in user's own account: password, playback token, Xtream password, two-factor authentication.</summary>
public static class MeEndpoints
{
    public static IEndpointRouteBuilder MapMe(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me").WithTags("Me").RequireAuthorization();
        group.MapPut("/password", ChangePassword);
        group.MapPost("/playback-token", RotatePlaybackToken);
        group.MapPost("/xtream-password", RotateXtreamPassword);
        group.MapGet("/two-factor", GetTwoFactor);
        group.MapPost("/two-factor/enable", EnableTwoFactor);
        group.MapPost("/two-factor/disable", DisableTwoFactor);
        return app;
    }

    internal static async Task<MeResponse> ToMeAsync(UserManager<AppUser> users, AppUser user) => new(
        user.Id,
        user.UserName ?? "",
        user.Email,
        [.. await users.GetRolesAsync(user)],
        user.Enabled,
        user.TwoFactorEnabled,
        user.PlaybackToken,
        user.XtreamPassword,
        user.CreatedAt);

    internal static async Task<Results<NoContent, ValidationProblem, UnauthorizedHttpResult>> ChangePassword(
        ChangePasswordRequest request, HttpContext http, UserManager<AppUser> users, SignInManager<AppUser> signIn)
    {
        if (await users.GetUserAsync(http.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.CurrentPassword))
        {
            errors["current_password"] = ["current_password is required."];
        }

        if (string.IsNullOrEmpty(request.NewPassword))
        {
            errors["new_password"] = ["new_password is required."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        if (!await users.CheckPasswordAsync(user, request.CurrentPassword!))
        {
            return ApiProblems.Validation("current_password", "current_password is not correct.");
        }

        if (await UsersEndpoints.ValidatePasswordAsync(users, user, request.NewPassword!, "new_password") is { } invalid)
        {
            return invalid;
        }

        var result = await users.ChangePasswordAsync(user, request.CurrentPassword!, request.NewPassword!);
        if (!result.Succeeded)
        {
            return IdentityErrors.ToProblem(result, "new_password");
        }

        // Other sessions end (new security stamp); this one continues with a fresh cookie.
        await signIn.RefreshSignInAsync(user);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<PlaybackTokenResponse>, UnauthorizedHttpResult>> RotatePlaybackToken(
        HttpContext http, UserManager<AppUser> users)
    {
        if (await users.GetUserAsync(http.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        user.PlaybackToken = Secrets.NewToken();
        await users.UpdateAsync(user);
        return TypedResults.Ok(new PlaybackTokenResponse(user.PlaybackToken));
    }

    /// <summary>A new password for the Xtream-compatible output: apps logged in with the old one are locked out.</summary>
    internal static async Task<Results<Ok<XtreamPasswordResponse>, UnauthorizedHttpResult>> RotateXtreamPassword(
        HttpContext http, UserManager<AppUser> users)
    {
        if (await users.GetUserAsync(http.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        user.XtreamPassword = Secrets.NewToken(16);
        await users.UpdateAsync(user);
        return TypedResults.Ok(new XtreamPasswordResponse(user.XtreamPassword));
    }

    internal static async Task<Results<Ok<TwoFactorStatus>, UnauthorizedHttpResult>> GetTwoFactor(
        HttpContext http, UserManager<AppUser> users, SignInManager<AppUser> signIn, UrlEncoder encoder)
    {
        if (await users.GetUserAsync(http.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            // A new key changes the security stamp; keep this session signed in.
            await signIn.RefreshSignInAsync(user);
        }

        var label = encoder.Encode($"M3U-STRM:{user.UserName}");
        var uri = $"otpauth://totp/{label}?secret={key}&issuer={encoder.Encode("M3U-STRM")}&digits=6";
        return TypedResults.Ok(new TwoFactorStatus(user.TwoFactorEnabled, key!, uri));
    }

    internal static async Task<Results<Ok<TwoFactorEnabledResponse>, ValidationProblem, UnauthorizedHttpResult>> EnableTwoFactor(
        TwoFactorCodeRequest request, HttpContext http, UserManager<AppUser> users, SignInManager<AppUser> signIn)
    {
        if (await users.GetUserAsync(http.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        var code = (request.Code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (code.Length == 0 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            return ApiProblems.Validation("code", "code must be the current 6-digit code from the authenticator app.");
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var recovery = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? [];
        await signIn.RefreshSignInAsync(user);
        return TypedResults.Ok(new TwoFactorEnabledResponse(true, [.. recovery]));
    }

    internal static async Task<Results<NoContent, ValidationProblem, UnauthorizedHttpResult>> DisableTwoFactor(
        TwoFactorCodeRequest request, HttpContext http, UserManager<AppUser> users, SignInManager<AppUser> signIn)
    {
        if (await users.GetUserAsync(http.User) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        if (string.IsNullOrEmpty(request.Password) || !await users.CheckPasswordAsync(user, request.Password))
        {
            return ApiProblems.Validation("password", "password must be your current password.");
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        return TypedResults.NoContent();
    }
}
