using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace M3uStrm.E2E;

/// <summary>
/// The whole path of issue 12, through the UI in Chromium against the real server: sign in with the printed password,
/// add a provider whose channels are live ffmpeg streams, sync, find the channels, watch one through the playback
/// endpoint while the Live page counts the viewer, stop, and export the engagement report as CSV.
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class JourneyTests(JourneyFixture fixture)
{
    private const string EngagementCsvHeader =
        "user_id,username,total_sessions,total_hours_watched,avg_session_minutes,active_days,last_active,engagement_score,content_diversity,completion_rate";

    [Fact]
    public async Task Admin_adds_a_live_provider_watches_a_channel_sees_it_live_and_exports_engagement()
    {
        var app = fixture.App;
        var page = await app.NewPageAsync();
        try
        {
            // Sign in with the password the server printed on first start.
            await page.GotoAsync("/");
            await Expect(page).ToHaveURLAsync(new Regex("/login$"));
            await page.GetByLabel("Username").FillAsync(app.Server.AdminUser);
            await page.GetByLabel("Password").FillAsync(app.Server.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

            // Add the provider by URL: the connection test reads the real playlist first.
            await nav.GetByRole(AriaRole.Link, new() { Name = "Providers" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Providers", Level = 1 })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Add provider" }).First.ClickAsync();
            var form = page.GetByRole(AriaRole.Form, new() { Name = "Add provider" });
            await form.GetByLabel("Name").FillAsync("Live TV");
            await form.GetByLabel("Playlist URL").FillAsync(fixture.Provider.PlaylistUrl("journey"));
            await form.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
            var result = page.GetByRole(AriaRole.Region, new() { Name = "Connection test result" });
            await Expect(result.GetByRole(AriaRole.Status)).ToHaveTextAsync("Connection works.");
            await Expect(result.Locator("dl > div").Filter(new() { HasText = "Live" })).ToHaveTextAsync(new Regex(@"^Live\s*3$"));
            await form.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Live TV", Level = 1 })).ToBeVisibleAsync();

            // Sync with live progress.
            await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Sync" })).ToContainTextAsync("succeeded", new() { Timeout = 60_000 });
            await Expect(page.GetByText(new Regex(@"\b3 live\b")).First).ToBeVisibleAsync();

            // The channels, searchable.
            await nav.GetByRole(AriaRole.Link, new() { Name = "Channels" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Channels", Level = 1 })).ToBeVisibleAsync();
            var table = page.GetByRole(AriaRole.Table);
            foreach (var (_, name, _) in LiveTvProvider.Channels)
            {
                await Expect(table.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
            }

            var channel = table.GetByRole(AriaRole.Link, new() { Name = "E2E News", Exact = true });
            var channelId = long.Parse(Regex.Match((await channel.GetAttributeAsync("href"))!, @"/channels/(\d+)$").Groups[1].Value);

            // The Live page is open (its socket connected, nobody watching) before the viewer starts.
            await nav.GetByRole(AriaRole.Link, new() { Name = "Live" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Live", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Live" })).ToHaveTextAsync("Live");
            var viewers = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Active viewers" });
            await Expect(viewers).ToHaveTextAsync(new Regex(@"^Active viewers\s*0$"));
            await Expect(page.GetByText("Nobody is watching")).ToBeVisibleAsync();

            // Watch through the playback endpoint with the admin's playback token, as a player would.
            using var me = JsonDocument.Parse(await (await page.APIRequest.GetAsync("/api/auth/me")).TextAsync());
            var token = me.RootElement.GetProperty("playback_token").GetString();
            var playUrl = new Uri(app.Server.BaseAddress, $"/play/{token}/live/{channelId}.ts");
            await using (var viewer = Viewer.Start(playUrl))
            {
                Assert.Equal(200, await viewer.StatusAsync());
                await viewer.WaitForBytesAsync(128 * 1024, TimeSpan.FromSeconds(30));

                // The socket pushes early when a session starts: one viewer, on this channel.
                await Expect(viewers).ToHaveTextAsync(new Regex(@"^Active viewers\s*1$"));
                var top = page.GetByRole(AriaRole.List, new() { Name = "Most watched channels" });
                await Expect(top.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
                await Expect(top.GetByRole(AriaRole.Listitem)).ToContainTextAsync("1 viewer");
                await Expect(top.GetByRole(AriaRole.Link, new() { Name = "E2E News" })).ToHaveAttributeAsync("href", $"/channels/{channelId}");
                Assert.Equal(1, fixture.Provider.OpenStreams);
                Directory.CreateDirectory(RepoPaths.ArtifactsDirectory);
                await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "live-watching.png"), FullPage = true });

                await viewer.StopAsync();
                Assert.True(viewer.Received >= 128 * 1024);
                // Real video and sound reached the player, not just bytes.
                var codecs = await viewer.ProbeAsync();
                Assert.Contains("video:h264", codecs);
                Assert.Contains("audio:aac", codecs);
            }

            // Stopping ends the session: the count goes back to zero.
            await Expect(viewers).ToHaveTextAsync(new Regex(@"^Active viewers\s*0$"));
            await Expect(page.GetByText("Nobody is watching")).ToBeVisibleAsync();

            // Analytics: the admin's session is in the engagement report, and its CSV export.
            await nav.GetByRole(AriaRole.Link, new() { Name = "Analytics" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Analytics", Level = 1 })).ToBeVisibleAsync();
            var engagement = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "User engagement" }) });
            var adminRow = engagement.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = app.Server.AdminUser, Exact = true }) });
            await Expect(adminRow).ToBeVisibleAsync();

            var download = await page.RunAndWaitForDownloadAsync(() => engagement.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
            Assert.Equal("engagement-30d.csv", download.SuggestedFilename);
            var csvPath = Path.Combine(RepoPaths.ArtifactsDirectory, "engagement-30d.csv");
            await download.SaveAsAsync(csvPath);
            var lines = (await File.ReadAllLinesAsync(csvPath)).Where(l => l.Length > 0).ToList();
            Assert.Equal(EngagementCsvHeader, lines[0]);
            var columns = lines[0].Split(',').ToList();
            var adminLine = lines.Skip(1).Select(l => l.Split(',')).SingleOrDefault(cells => cells[columns.IndexOf("username")] == app.Server.AdminUser);
            Assert.True(adminLine is not null, $"No row for {app.Server.AdminUser} in:\n{string.Join('\n', lines)}");
            Assert.True(int.Parse(adminLine[columns.IndexOf("total_sessions")]) >= 1, string.Join(',', adminLine));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
