using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace M3uStrm.E2E;

/// <summary>
/// Every route of the UI, opened with real data in the database (a synced live provider, its guide, a finished
/// viewing session): each must show its heading and its data, no error alert and no uncaught error in the console,
/// and is saved as a screenshot (1280 px light; some also 375 px dark).
/// </summary>
[Collection(JourneyCollection.Name)]
public sealed class PageTourTests(JourneyFixture fixture)
{
    /// <summary>The routes by name (a string, so each route is its own test case in the runner).</summary>
    public static TheoryData<string> Routes => new(PageRoutes.All.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Page_renders_with_data_and_without_errors(string name)
    {
        var route = PageRoutes.All.Single(r => r.Name == name);
        var seed = await fixture.SeedAsync();
        var state = route.SignedOut ? null : await fixture.SignedInStateAsync();
        var page = await fixture.App.NewPageAsync(storageState: state);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // A signed-out visitor's "who am I" answers 401 by design; the browser logs that as a failed load.
            if (message.Type == "error" && !(route.SignedOut && message.Text.Contains("status of 401", StringComparison.Ordinal)))
            {
                errors.Add($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add($"page error: {error}");
        try
        {
            var path = Fill(route.Path, seed);
            await page.GotoAsync(path);
            await CheckAsync(page, route, seed, errors);
            Directory.CreateDirectory(RepoPaths.ScreenshotsDirectory);
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ScreenshotsDirectory, $"{route.Name}.png"), FullPage = true });

            if (route.Phone)
            {
                await page.SetViewportSizeAsync(375, 740);
                await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
                await page.GotoAsync(path);
                await CheckAsync(page, route, seed, errors);
                await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ScreenshotsDirectory, $"{route.Name}-375-dark.png"), FullPage = true });
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task CheckAsync(IPage page, PageRoute route, SeedData seed, List<string> errors)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Fill(route.Heading, seed), Level = 1, Exact = true })).ToBeVisibleAsync();
        if (route.Shows is { } shows)
        {
            await Expect(page.Locator("main").GetByText(Fill(shows, seed)).First).ToBeVisibleAsync();
        }

        // Loaded: no loading placeholder (a spinner in a status) is left, lazily loaded charts included.
        await Expect(page.Locator("[role=status]:has(.animate-spin)")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        Assert.True(errors.Count == 0, $"{route.Name}: {string.Join('\n', errors)}");
    }

    private static string Fill(string template, SeedData seed) => template
        .Replace("{providerName}", seed.ProviderName, StringComparison.Ordinal)
        .Replace("{provider}", seed.ProviderId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{channelName}", seed.ChannelName, StringComparison.Ordinal)
        .Replace("{channel}", seed.ChannelId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{stream}", seed.StreamId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{epgSourceName}", seed.EpgSourceName, StringComparison.Ordinal)
        .Replace("{epgSource}", seed.EpgSourceId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{userName}", seed.UserName, StringComparison.Ordinal)
        .Replace("{user}", seed.UserId, StringComparison.Ordinal);
}
