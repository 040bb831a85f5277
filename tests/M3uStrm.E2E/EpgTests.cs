using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace M3uStrm.E2E;

/// <summary>
/// An admin syncs a playlist, uploads a guide file on the EPG page, sees its channels counted after the first
/// refresh, maps a channel to a guide channel by hand, and finds the programme on the Guide page.
/// </summary>
public sealed class EpgTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Uploaded_guide_is_refreshed_and_a_channel_mapped_by_hand_shows_its_programme()
    {
        var playlist = Path.Combine(RepoPaths.FixturesDirectory, "m3u", "edge-cases-derived", "bom_utf8_crlf.m3u");
        // Three channels; "channel.current" has one programme from 2000 to 2099, always inside the kept window.
        var guide = Path.Combine(RepoPaths.FixturesDirectory, "xmltv", "dispatcharr", "test_epg.xml");
        Assert.True(File.Exists(playlist), $"Fixture missing: {playlist}");
        Assert.True(File.Exists(guide), $"Fixture missing: {guide}");

        var page = await app.NewPageAsync();
        try
        {
            await page.GotoAsync("/login");
            await page.GetByLabel("Username").FillAsync(app.Server.AdminUser);
            await page.GetByLabel("Password").FillAsync(app.Server.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

            // Channels to map: a synced playlist.
            await page.GotoAsync("/providers/new");
            var providerForm = page.GetByRole(AriaRole.Form, new() { Name = "Add provider" });
            await providerForm.GetByText("Upload file").ClickAsync();
            await providerForm.GetByLabel("Name").FillAsync("Fixture playlist");
            await providerForm.GetByLabel("Playlist file").SetInputFilesAsync(playlist);
            await providerForm.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fixture playlist", Level = 1 })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Sync" })).ToContainTextAsync("succeeded", new() { Timeout = 60_000 });

            // The guide: uploaded on the EPG page, refreshed at once.
            await nav.GetByRole(AriaRole.Link, new() { Name = "EPG" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "EPG", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByText("No guide sources yet")).ToBeVisibleAsync();
            var addForm = page.GetByRole(AriaRole.Form, new() { Name = "Add guide" });
            await addForm.GetByText("Upload file").ClickAsync();
            await addForm.GetByLabel("Name").FillAsync("Test guide");
            await addForm.GetByLabel("Guide file").SetInputFilesAsync(guide);
            await addForm.GetByRole(AriaRole.Button, new() { Name = "Add guide" }).ClickAsync();

            var row = page.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Test guide" }) });
            await Expect(row.GetByRole(AriaRole.Status).Filter(new() { HasText = "Refresh" })).ToContainTextAsync("succeeded", new() { Timeout = 60_000 });
            await Expect(row).ToContainTextAsync("3 channels · 1 programme");

            // None of the playlist's channels is in this guide: map one by hand through the picker.
            var unmapped = page.GetByRole(AriaRole.Region, new() { NameRegex = new Regex("^Channels without guide data") });
            var choose = unmapped.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Choose a guide channel for 4Music") });
            var channelName = (await choose.GetAttributeAsync("aria-label"))!.Replace("Choose a guide channel for ", "", StringComparison.Ordinal);
            await choose.ClickAsync();
            var picker = page.GetByRole(AriaRole.Group, new() { Name = $"Choose a guide channel for {channelName}" });
            await picker.GetByLabel("Find guide channel").FillAsync("current");
            await picker.GetByRole(AriaRole.Button, new() { Name = $"Map {channelName} to Current Channel" }).ClickAsync();

            await Expect(page.GetByText($"Mapped {channelName} to Current Channel.")).ToBeVisibleAsync();
            var mapped = page.GetByRole(AriaRole.Region, new() { NameRegex = new Regex("^Mapped channels") });
            await Expect(mapped).ToContainTextAsync("Current Channel");
            await Expect(mapped).ToContainTextAsync("manual");
            Directory.CreateDirectory(RepoPaths.ArtifactsDirectory);
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "epg.png"), FullPage = true });

            // The source's own page has the refresh in its history.
            await row.GetByRole(AriaRole.Link, new() { Name = "Test guide" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Test guide", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Refreshes, newest first" })).ToContainTextAsync("succeeded");

            // What is on now, for the mapped channel.
            await nav.GetByRole(AriaRole.Link, new() { Name = "Guide" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Guide", Level = 1 })).ToBeVisibleAsync();
            var nowNext = page.GetByRole(AriaRole.List, new() { Name = "Now and next" });
            var guideRow = nowNext.GetByRole(AriaRole.Listitem).Filter(new() { HasText = channelName });
            await Expect(guideRow).ToContainTextAsync("Always On Show");
            await Expect(guideRow.GetByRole(AriaRole.Progressbar)).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "guide.png"), FullPage = true });

            // A stream's health page, from its channel (no check is run: the playlist's streams are on the internet).
            await nav.GetByRole(AriaRole.Link, new() { Name = "Health" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Health", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByText("Not checked yet")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "health.png"), FullPage = true });
            // One quality sample per stream: the sampling job's name method needs no network.
            await nav.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
            var sampling = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "quality-sampling" });
            await sampling.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Run .* now$") }).ClickAsync();
            await Expect(sampling.GetByRole(AriaRole.Status)).ToContainTextAsync("succeeded", new() { Timeout = 60_000 });
            await nav.GetByRole(AriaRole.Link, new() { Name = "Channels" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Afrobeats") }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Health and quality of ") }).First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Quality history" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" })).ToHaveAttributeAsync("href", new Regex(@"quality-history/\d+\?days=7&format=csv$"));
            var samples = page.GetByRole(AriaRole.Table, new() { Name = "Quality samples, newest first" });
            await Expect(samples.Locator("tbody tr")).ToHaveCountAsync(1);
            await Expect(samples).ToContainTextAsync("name");
            await Expect(page.Locator("figure .recharts-surface").First).ToBeVisibleAsync();
            await Expect(page.GetByText("Not checked yet")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "stream-health.png"), FullPage = true });

            // Phone width, dark mode.
            await page.SetViewportSizeAsync(375, 740);
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            await page.GotoAsync("/epg");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Test guide" })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "epg-375-dark.png"), FullPage = true });
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
