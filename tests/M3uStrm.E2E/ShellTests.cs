using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace M3uStrm.E2E;

/// <summary>The app shell on a phone-sized screen in dark mode, driven by keyboard-reachable controls.</summary>
public sealed class ShellTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task On_a_375px_screen_the_menu_collapses_and_opens_the_account_page()
    {
        var page = await app.NewPageAsync(width: 375, height: 740, colorScheme: ColorScheme.Dark);
        try
        {
            await page.GotoAsync("/account");
            await Expect(page).ToHaveURLAsync(new Regex("/login$"));
            await page.GetByLabel("Username").FillAsync(app.Server.AdminUser);
            await page.GetByLabel("Password").FillAsync(app.Server.AdminPassword);
            await page.GetByLabel("Password").PressAsync("Enter");

            // Back where the visitor wanted to go, with the navigation folded away.
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account", Level = 1 })).ToBeVisibleAsync();
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
            await Expect(nav).ToBeHiddenAsync();

            var token = page.GetByRole(AriaRole.Textbox, new() { Name = "Playback token" });
            await Expect(token).Not.ToHaveValueAsync("");
            var before = await token.InputValueAsync();
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Rotate" }).ClickAsync();
            await Expect(token).Not.ToHaveValueAsync(before);

            Directory.CreateDirectory(RepoPaths.ArtifactsDirectory);
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "account-375-dark.png"), FullPage = true });

            var menu = page.GetByRole(AriaRole.Button, new() { Name = "Open menu" });
            await menu.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(nav).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "menu-375-dark.png") });
            await nav.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
            await Expect(nav).ToBeHiddenAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
