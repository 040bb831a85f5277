using System.Text.RegularExpressions;

namespace M3uStrm.Server.Tests;

/// <summary>The server as a user starts it: a process, configured through M3USTRM_ environment variables.</summary>
public sealed partial class StartupTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [GeneratedRegex("created admin account '(?<user>[^']+)' with password: (?<pw>\\S+)")]
    private static partial Regex GeneratedPassword();

    private static Dictionary<string, string> Environment(TestDatabase database) =>
        database.Settings().ToDictionary(s => "M3USTRM_" + s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);

    [Fact]
    public async Task First_start_prints_a_generated_admin_password_once_and_it_signs_in()
    {
        await using var database = TestDatabase.Create();
        string password;
        await using (var first = ServerProcess.Start(Environment(database)))
        {
            await first.WaitUntilListeningAsync(StartTimeout);
            var match = GeneratedPassword().Match(first.Output);
            Assert.True(match.Success, first.Output);
            Assert.Equal("admin", match.Groups["user"].Value);
            password = match.Groups["pw"].Value;
            Assert.True(password.Length >= 20);

            using var client = new HttpClient { BaseAddress = first.Address };
            var login = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            // No default password exists: the usual guesses are refused.
            using var other = new HttpClient { BaseAddress = first.Address };
            foreach (var guess in new[] { "admin", "password", "changeme" })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await other.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = guess })).StatusCode);
            }
        }

        await using var second = ServerProcess.Start(Environment(database));
        await second.WaitUntilListeningAsync(StartTimeout);
        Assert.DoesNotContain("with password:", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_database_provider_stops_the_server_naming_the_key()
    {
        await using var database = TestDatabase.Create();
        var environment = Environment(database);
        environment["M3USTRM_Database__Provider"] = "oracle";
        await using var server = ServerProcess.Start(environment);
        Assert.NotEqual(0, await server.WaitForExitAsync(StartTimeout));
        Assert.Contains("Database:Provider", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unwritable_data_directory_stops_the_server_naming_the_key()
    {
        await using var database = TestDatabase.Create();
        var blocker = Path.Combine(database.DataDirectory, "a-file");
        await File.WriteAllTextAsync(blocker, "not a directory");
        var environment = Environment(database);
        environment["M3USTRM_DataDirectory"] = Path.Combine(blocker, "data");
        await using var server = ServerProcess.Start(environment);
        Assert.NotEqual(0, await server.WaitForExitAsync(StartTimeout));
        Assert.Contains("DataDirectory", server.Output, StringComparison.Ordinal);
    }
}
