using M3uStrm.Server.Data;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests;

public sealed class PlumbingTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public void The_server_runs_on_the_database_the_test_run_selected()
    {
        var connection = server.Services.GetRequiredService<DatabaseConnection>();
        Assert.Equal(TestDatabase.SelectedProvider, connection.Provider);
    }

    [Fact]
    public async Task Health_and_readiness_report_the_database_state()
    {
        var client = server.Anonymous();
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", await client.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task Unknown_api_routes_are_404_problem_details_not_the_spa()
    {
        var response = await server.Anonymous().GetAsync("/api/does/not/exist");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Client_side_routes_fall_back_to_the_spa_index()
    {
        var response = await server.Anonymous().GetAsync("/users/some/deep/link");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"root\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_document_docs_and_metrics_are_served()
    {
        var client = server.Anonymous();
        var openApi = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var paths = openApi.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/auth/login", out _));
        Assert.True(paths.TryGetProperty("/api/admin/users", out _));

        var docs = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("openapi/v1.json", await docs.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await client.GetAsync("/healthz");
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_answers_use_snake_case()
    {
        var admin = await server.SignedInAsync();
        var body = await (await admin.GetAsync("/api/admin/users")).Content.ReadAsStringAsync();
        Assert.Contains("\"page_size\"", body, StringComparison.Ordinal);
        Assert.Contains("\"two_factor_enabled\"", body, StringComparison.Ordinal);
    }
}
