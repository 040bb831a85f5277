namespace M3uStrm.Server.Features.Auth;

/// <summary>
/// CSRF protection for cookie-authenticated requests: the cookie is SameSite=Strict, and every state-changing
/// request that carries it must also come from our own origin (Origin, or Referer as a fallback).
/// Bearer-token and anonymous calls are not affected; a foreign Origin is refused for everyone.
/// </summary>
internal sealed class CookieCsrfGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (IsUnsafe(context.Request.Method) && !IsSameOrigin(context))
        {
            await TypedResults.Problem(
                detail: "Cross-site request refused: the Origin header does not match this server.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static bool IsUnsafe(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    private static bool IsSameOrigin(HttpContext context)
    {
        var request = context.Request;
        var usesCookie = request.Cookies.ContainsKey("m3ustrm.auth") && !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            var referer = request.Headers.Referer.ToString();
            if (string.IsNullOrEmpty(referer))
            {
                return !usesCookie;
            }

            origin = referer;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
