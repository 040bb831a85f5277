using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace M3uStrm.E2E;

/// <summary>An admin uploads a playlist file, syncs it with live progress, and finds its channels.</summary>
public sealed class ProvidersTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Uploaded_playlist_syncs_and_its_channels_are_listed()
    {
        var playlist = Path.Combine(RepoPaths.FixturesDirectory, "m3u", "edge-cases-derived", "bom_utf8_crlf.m3u");
        Assert.True(File.Exists(playlist), $"Fixture missing: {playlist}");

        var page = await app.NewPageAsync();
        try
        {
            await page.GotoAsync("/login");
            await page.GetByLabel("Username").FillAsync(app.Server.AdminUser);
            await page.GetByLabel("Password").FillAsync(app.Server.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();

            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
            await nav.GetByRole(AriaRole.Link, new() { Name = "Providers" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Providers", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByText("No providers yet")).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Add provider" }).First.ClickAsync();
            var form = page.GetByRole(AriaRole.Form, new() { Name = "Add provider" });
            await form.GetByText("Upload file").ClickAsync();
            await form.GetByLabel("Name").FillAsync("Fixture upload");
            await form.GetByLabel("Playlist file").SetInputFilesAsync(playlist);
            await form.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fixture upload", Level = 1 })).ToBeVisibleAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/providers/\d+$"));

            await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
            var progress = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Sync" });
            await Expect(progress).ToContainTextAsync("succeeded", new() { Timeout = 60_000 });

            // The provider's history now has the run, and its counts were refreshed.
            await Expect(page.GetByRole(AriaRole.Table).Filter(new() { HasText = "succeeded" })).ToBeVisibleAsync();
            await Expect(page.GetByText(new Regex(@"\b[1-9]\d* live\b")).First).ToBeVisibleAsync();

            // The chart is loaded on demand; wait for it before the screenshot.
            await Expect(page.Locator("figure .recharts-surface").First).ToBeVisibleAsync();
            Directory.CreateDirectory(RepoPaths.ArtifactsDirectory);
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "providers.png"), FullPage = true });

            await nav.GetByRole(AriaRole.Link, new() { Name = "Channels" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Channels", Level = 1 })).ToBeVisibleAsync();
            var rows = page.GetByRole(AriaRole.Table).Locator("tbody tr");
            // Six entries, two of which may merge into one channel (same tvg-id): at least five channels.
            await Expect(rows.First).ToBeVisibleAsync();
            Assert.InRange(await rows.CountAsync(), 5, 6);
            await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Afrobeats") })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "channels.png"), FullPage = true });

            // A channel with two streams (same tvg-id): reordering saves against the real API.
            await page.GetByRole(AriaRole.Link, new() { Name = "Ahlulbayt TV" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ahlulbayt TV", Level = 1 })).ToBeVisibleAsync();
            var streams = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Streams in failover order" }) }).Locator("ol > li");
            await Expect(streams).ToHaveCountAsync(2);
            // Both streams share a name, so they are told apart by their stream id (in the buttons' ids).
            var moveDown = streams.First.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Move .* down$") });
            var streamId = (await moveDown.GetAttributeAsync("id"))!.Replace("move-down-", "", StringComparison.Ordinal);
            await moveDown.ClickAsync();
            await Expect(streams.Last.Locator($"#move-up-{streamId}")).ToBeVisibleAsync();
            await Expect(streams.Last).ToContainTextAsync("manual");
            await page.ReloadAsync();
            await Expect(streams.Last.Locator($"#move-up-{streamId}")).ToBeVisibleAsync();

            // Phone width, dark mode.
            await page.SetViewportSizeAsync(375, 740);
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "channel-375-dark.png"), FullPage = true });
            await page.GotoAsync("/providers");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Fixture upload" })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "providers-375-dark.png"), FullPage = true });
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
