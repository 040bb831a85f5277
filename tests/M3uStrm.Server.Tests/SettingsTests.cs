using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Analytics;
using M3uStrm.Server.Hosting.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace M3uStrm.Server.Tests;

/// <summary>A server over a database that outlives it: two in turn are one server restarted.</summary>
public sealed class SharedDatabaseServer(TestDatabase database) : ServerFactory(database, ownsDatabase: false);

public sealed class SettingsTests(ITestOutputHelper output)
{
    private static async Task<SharedDatabaseServer> StartAsync(TestDatabase database)
    {
        var server = new SharedDatabaseServer(database);
        await ((IAsyncLifetime)server).InitializeAsync();
        return server;
    }

    private static async Task<Dictionary<string, JsonElement>> SettingsAsync(HttpClient admin)
    {
        var response = await admin.GetAsync("/api/admin/settings");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!);
    }

    private static async Task<JsonElement> DiscoverAsync(HttpClient admin)
    {
        var token = (await (await admin.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("playback_token").GetString();
        return await (await admin.GetAsync($"/hdhr/{token}/discover.json")).ReadJsonAsync();
    }

    private static async Task<string?> ScheduleAsync(HttpClient admin, string job) =>
        (await (await admin.GetAsync("/api/admin/jobs")).ReadJsonAsync()).EnumerateArray()
            .Single(j => j.GetProperty("key").GetString() == job).GetProperty("schedule").GetString();

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, object values) =>
        client.PutAsJsonAsync("/api/admin/settings", new { values });

    [Fact]
    public async Task Settings_are_for_admins_only_and_never_show_secrets()
    {
        await using var database = TestDatabase.Create();
        await using var server = await StartAsync(database);

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().GetAsync("/api/admin/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PutAsync(server.Anonymous(), new Dictionary<string, object> { ["HdHomeRun:TunerCount"] = 3 })).StatusCode);
        var user = await server.SignedInAsNewUserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/admin/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(user, new Dictionary<string, object> { ["HdHomeRun:TunerCount"] = 3 })).StatusCode);

        var admin = await server.SignedInAsync();
        var body = await admin.GetStringAsync("/api/admin/settings");
        Assert.DoesNotContain(ServerFactory.AdminPassword, body, StringComparison.Ordinal);
        Assert.DoesNotContain("ConnectionStrings", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
        if (database.ConnectionString.Length > 0)
        {
            Assert.DoesNotContain(database.ConnectionString, body, StringComparison.Ordinal);
        }

        var settings = await SettingsAsync(admin);
        Assert.Equal(database.DataDirectory, settings["DataDirectory"].GetProperty("value").GetString());
        Assert.False(settings["DataDirectory"].GetProperty("editable").GetBoolean());
        Assert.Equal(database.Provider, settings["Database:Provider"].GetProperty("value").GetString());
        var mode = settings["Playback:Mode"];
        Assert.Equal("proxy", mode.GetProperty("value").GetString());
        Assert.Equal("default", mode.GetProperty("source").GetString());
        Assert.Equal(["proxy", "redirect"], mode.GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
        var retention = settings["Analytics:RetentionDays"];
        Assert.Equal(365, retention.GetProperty("value").GetInt32());
        Assert.Equal(1, retention.GetProperty("min").GetDouble());
        Assert.Equal(3650, retention.GetProperty("max").GetDouble());
        Assert.Equal("0 0 0/6 * * ?", settings["Jobs:health-check:Cron"].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Bad_values_are_refused_with_a_problem_naming_each_setting_and_nothing_is_stored()
    {
        await using var database = TestDatabase.Create();
        await using var server = await StartAsync(database);
        var admin = await server.SignedInAsync();

        var response = await PutAsync(admin, new Dictionary<string, object?>
        {
            ["Playback:ConnectTimeoutSeconds"] = 500,
            ["HdHomeRun:TunerCount"] = "four",
            ["Playback:Mode"] = "teleport",
            ["DataDirectory"] = "/tmp/elsewhere",
            ["No:Such"] = 1,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        output.WriteLine(errors.GetRawText());
        Assert.Equal("HdHomeRun:TunerCount must be a whole number.", errors.GetProperty("HdHomeRun:TunerCount")[0].GetString());
        Assert.Contains("set it in appsettings.json", errors.GetProperty("DataDirectory")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("not a setting", errors.GetProperty("No:Such")[0].GetString(), StringComparison.Ordinal);

        // Well-typed but out of the options' rules: the range and choices the server checks at start-up.
        var range = await PutAsync(admin, new Dictionary<string, object?>
        {
            ["Playback:ConnectTimeoutSeconds"] = 500, ["Playback:Mode"] = "teleport", ["Jobs:health-check:Cron"] = "every day", ["HdHomeRun:TunerCount"] = 40,
        });
        Assert.Equal(HttpStatusCode.BadRequest, range.StatusCode);
        var rangeErrors = (await range.ReadJsonAsync()).GetProperty("errors");
        Assert.Equal("Playback:ConnectTimeoutSeconds must be between 1 and 120.", rangeErrors.GetProperty("Playback:ConnectTimeoutSeconds")[0].GetString());
        Assert.Contains("proxy", rangeErrors.GetProperty("Playback:Mode")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("cron", rangeErrors.GetProperty("Jobs:health-check:Cron")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("HdHomeRun:TunerCount must be between 1 and 32.", Assert.Single(rangeErrors.GetProperty("HdHomeRun:TunerCount").EnumerateArray()).GetString());

        var settings = await SettingsAsync(admin);
        Assert.Equal(10, settings["Playback:ConnectTimeoutSeconds"].GetProperty("value").GetDouble());
        Assert.Equal("proxy", settings["Playback:Mode"].GetProperty("value").GetString());
        Assert.Equal("0 0 0/6 * * ?", await ScheduleAsync(admin, "health-check"));
    }

    [Fact]
    public async Task A_change_takes_effect_at_once_survives_a_restart_and_can_be_dropped_again()
    {
        await using var database = TestDatabase.Create();
        var first = await StartAsync(database);
        try
        {
            var admin = await first.SignedInAsync();
            Assert.Equal(2, (await DiscoverAsync(admin)).GetProperty("TunerCount").GetInt32());

            var saved = await PutAsync(admin, new Dictionary<string, object?>
            {
                ["HdHomeRun:TunerCount"] = 5,
                ["Analytics:RetentionDays"] = 30,
                ["Library:GenreFolders"] = false,
                ["Jobs:health-check:Cron"] = "0 0 0/2 * * ?",
                ["PublicUrl"] = "https://tv.example.org",
            });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            var answered = (await saved.ReadJsonAsync()).EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!);
            Assert.Equal(5, answered["HdHomeRun:TunerCount"].GetProperty("value").GetInt32());
            Assert.Equal("database", answered["HdHomeRun:TunerCount"].GetProperty("source").GetString());
            Assert.False(answered["Library:GenreFolders"].GetProperty("value").GetBoolean());

            // Live settings apply without a restart: the tuner answers with the new count, the scheduler has the new cron,
            // and the options the retention job reads have the new value.
            Assert.Equal(5, (await DiscoverAsync(admin)).GetProperty("TunerCount").GetInt32());
            Assert.Equal("0 0 0/2 * * ?", await ScheduleAsync(admin, "health-check"));
            Assert.Equal(30, first.Services.GetRequiredService<IOptionsMonitor<AnalyticsOptions>>().CurrentValue.RetentionDays);

            // Who changed what is in the audit log.
            await using (var scope = first.Services.CreateAsyncScope())
            {
                var audit = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AuditLog>().AsNoTracking()
                    .Where(a => a.Action == "settings.update").Select(a => a.Detail).ToListAsync();
                Assert.Contains("HdHomeRun:TunerCount=5", Assert.Single(audit), StringComparison.Ordinal);
            }

            // The public URL is only read at start: stored, shown, and flagged as waiting for a restart.
            var publicUrl = answered["PublicUrl"];
            Assert.Equal("https://tv.example.org", publicUrl.GetProperty("value").GetString());
            Assert.True(publicUrl.GetProperty("restart_required").GetBoolean());
            Assert.True(publicUrl.GetProperty("restart_pending").GetBoolean());
            Assert.DoesNotContain("tv.example.org", (await DiscoverAsync(admin)).GetProperty("BaseURL").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await StartAsync(database);
        var again = await second.SignedInAsync();
        var settings = await SettingsAsync(again);
        Assert.Equal(5, settings["HdHomeRun:TunerCount"].GetProperty("value").GetInt32());
        Assert.Equal("database", settings["HdHomeRun:TunerCount"].GetProperty("source").GetString());
        Assert.Equal(30, settings["Analytics:RetentionDays"].GetProperty("value").GetInt32());
        Assert.False(settings["PublicUrl"].GetProperty("restart_pending").GetBoolean());
        var discover = await DiscoverAsync(again);
        Assert.Equal(5, discover.GetProperty("TunerCount").GetInt32());
        Assert.StartsWith("https://tv.example.org", discover.GetProperty("BaseURL").GetString(), StringComparison.Ordinal);
        Assert.Equal("0 0 0/2 * * ?", await ScheduleAsync(again, "health-check"));

        // Dropping the change goes back to the configuration's value (here the default), at once.
        var dropped = await PutAsync(again, new Dictionary<string, object?> { ["HdHomeRun:TunerCount"] = null, ["Jobs:health-check:Cron"] = null });
        Assert.Equal(HttpStatusCode.OK, dropped.StatusCode);
        var after = await SettingsAsync(again);
        Assert.Equal(2, after["HdHomeRun:TunerCount"].GetProperty("value").GetInt32());
        Assert.Equal("default", after["HdHomeRun:TunerCount"].GetProperty("source").GetString());
        Assert.Equal(2, (await DiscoverAsync(again)).GetProperty("TunerCount").GetInt32());
        Assert.Equal("0 0 0/6 * * ?", await ScheduleAsync(again, "health-check"));
    }
}
