using M3uStrm.Server.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace M3uStrm.Server.Features.Auth;

public sealed record LoginRequest(string? Username, string? Password, string? TwoFactorCode);

/// <summary>Sign-in for the UI (cookie) and for API clients (bearer token).</summary>
public static class AuthEndpoints
{
    private const string InvalidCredentials = "Invalid username or password.";

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/login", (LoginRequest request, SignInService signIn) => signIn.SignInAsync(request, IdentityConstants.ApplicationScheme))
            .AllowAnonymous();
        group.MapPost("/token", (LoginRequest request, SignInService signIn) => signIn.SignInAsync(request, IdentityConstants.BearerScheme))
            .AllowAnonymous()
            .WithSummary("Exchanges credentials for a bearer token: {token_type, access_token, expires_in, refresh_token}.");
        group.MapPost("/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.NoContent();
        }).AllowAnonymous();
        group.MapGet("/me", async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> (HttpContext http, UserManager<AppUser> users) =>
        {
            var user = await users.GetUserAsync(http.User);
            return user is null || !user.Enabled ? TypedResults.Unauthorized() : TypedResults.Ok(await MeEndpoints.ToMeAsync(users, user));
        }).RequireAuthorization();
        return app;
    }

    internal static ProblemHttpResult Unauthorized(string detail = InvalidCredentials, bool requiresTwoFactor = false) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            extensions: requiresTwoFactor ? new Dictionary<string, object?> { ["requires_two_factor"] = true } : null);
}
