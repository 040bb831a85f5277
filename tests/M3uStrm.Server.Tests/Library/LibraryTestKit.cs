using System.Text;
using System.Text.Json;
using M3uStrm.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests.Library;

/// <summary>A server whose library builds run only when a test asks (no automatic build after each sync).</summary>
public class LibraryServerFactory : ServerFactory
{
    public LibraryServerFactory()
    {
        With("Providers:TimeoutSeconds", "2");
        With("Providers:Retries", "0");
        With("Library:BuildAfterSync", "false");
        With("Library:Genres:TOP HORROR MOVIES", "Horror");
    }

    public string LibraryRoot => Path.Combine(Database.DataDirectory, "library");

    /// <summary>STRM files need an absolute base URL; the port is known only once Kestrel listens.</summary>
    public void UseOwnAddressAsBaseUrl() =>
        Services.GetRequiredService<IConfiguration>()["Library:BaseUrl"] = BaseAddress.ToString().TrimEnd('/');
}

internal static class LibraryTestKit
{
    public static async Task<long> CreateXtreamProviderAsync(HttpClient admin, FakeProvider fake, string name)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new
        {
            name,
            kind = "xtream",
            url = fake.Address.ToString(),
            username = "IRIS_USERNAME",
            password = "IRIS_PASSWORD",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    /// <summary>Starts a build through the API and waits for its job run; returns the run.</summary>
    public static async Task<JsonElement> BuildAsync(HttpClient admin)
    {
        var accepted = await admin.PostAsync("/api/admin/library/build", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var runId = (await accepted.ReadJsonAsync()).GetProperty("run_id").GetString();
        for (var i = 0; i < 1200; i++)
        {
            var run = await (await admin.GetAsync($"/api/admin/jobs/runs/{runId}")).ReadJsonAsync();
            if (run.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                return run;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the library build did not finish in 120 s");
    }

    public static async Task<JsonElement> BuildSucceedsAsync(HttpClient admin)
    {
        var run = await BuildAsync(admin);
        Assert.True(run.GetProperty("status").GetString() == "succeeded", run.ToString());
        return run;
    }

    public static async Task<JsonElement> DryRunAsync(HttpClient admin)
    {
        var response = await admin.PostAsync("/api/admin/library/build?dry_run=true", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// <summary>Every file under the root with its last write time (relative paths with '/').</summary>
    public static Dictionary<string, DateTime> Snapshot(string root) =>
        !Directory.Exists(root) ? []
        : Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.GetLastWriteTimeUtc, StringComparer.Ordinal);

    public static async Task<string> LibraryTokenAsync(ServerFactory server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Users.Where(u => u.UserName == "library").Select(u => u.PlaybackToken).SingleAsync();
    }

    public static string Read(string root, string relative) => File.ReadAllText(Path.Combine(root, relative), Encoding.UTF8);
}
