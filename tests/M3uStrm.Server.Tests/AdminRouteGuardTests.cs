using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests;

/// <summary>Every route under /api/admin, including routes added by later features, refuses the wrong caller.</summary>
public sealed class AdminRouteGuardTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private IEnumerable<(string Method, string Path, bool Multipart)> AdminEndpoints()
    {
        var sources = server.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (!pattern.StartsWith("/api/admin", StringComparison.Ordinal) && !pattern.Contains("/admin/", StringComparison.Ordinal))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var multipart = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes
                .Any(t => t.StartsWith("multipart/", StringComparison.Ordinal)) == true;
            foreach (var method in methods)
            {
                yield return (method, Concrete(endpoint.RoutePattern), multipart);
            }
        }
    }

    /// <summary>Fills route parameters with values their constraints accept.</summary>
    private static string Concrete(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter =>
                pattern.ParameterPolicies.TryGetValue(parameter.Name, out var policies) && policies.Any(p => p.Content == "guid")
                    ? Guid.NewGuid().ToString()
                    : pattern.ParameterPolicies.TryGetValue(parameter.Name, out var intPolicies) && intPolicies.Any(p => p.Content is "int" or "long")
                        ? "1"
                        : "x",
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }

    [Fact]
    public async Task Every_admin_route_answers_401_to_anonymous_and_403_to_a_plain_user()
    {
        var endpoints = AdminEndpoints().Distinct().ToList();
        Assert.True(endpoints.Count >= 8, $"expected the admin API to be enumerated, found {endpoints.Count}");

        var anonymous = server.Anonymous();
        var user = await server.SignedInAsNewUserAsync();
        var failures = new List<string>();
        // The body matches what the endpoint accepts, so routing reaches it and only authorization can refuse.
        HttpContent Body(bool multipart) => multipart ? new MultipartFormDataContent { { new StringContent("x"), "name" } } : JsonContent.Create(new { });
        foreach (var (method, path, multipart) in endpoints)
        {
            var anon = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(multipart) });
            if (anon.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{method} {path} anonymous → {(int)anon.StatusCode}");
            }

            var asUser = await user.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(multipart) });
            if (asUser.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{method} {path} role user → {(int)asUser.StatusCode}");
            }
        }

        Assert.Empty(failures);
    }
}
