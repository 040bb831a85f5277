using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace M3uStrm.E2E;

/// <summary>A new install, as its first admin meets it: the printed password, the login page, the shell.</summary>
public sealed class SignInTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Root_redirects_to_login_and_the_printed_admin_password_opens_the_dashboard()
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await Expect(page).ToHaveURLAsync(new Regex("/login$"));
            await Expect(page.GetByText("On first start the server printed a generated admin password")).ToBeVisibleAsync();

            await page.GetByLabel("Username").FillAsync(app.Server.AdminUser);
            await page.GetByLabel("Password").FillAsync(app.Server.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/$"));
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Dashboard" })).ToBeVisibleAsync();
            // The first account is an admin, so the admin-only page is offered.
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();

            Directory.CreateDirectory(RepoPaths.ArtifactsDirectory);
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "dashboard.png"), FullPage = true });

            // The session is a real cookie: a reload stays signed in.
            await page.ReloadAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();

            // The admin-only page loads its list from the real API.
            await nav.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Reset password of {app.Server.AdminUser}" })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "users.png"), FullPage = true });
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Wrong_password_shows_the_servers_error_message_and_stays_on_login()
    {
        var page = await app.NewPageAsync(width: 375, height: 740);
        try
        {
            await page.GotoAsync("/login");
            await page.GetByLabel("Username").FillAsync(app.Server.AdminUser);
            await page.GetByLabel("Password").FillAsync("not-the-password");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid username or password.");
            await Expect(page).ToHaveURLAsync(new Regex("/login$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

            Directory.CreateDirectory(RepoPaths.ArtifactsDirectory);
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.ArtifactsDirectory, "login-error-375.png"), FullPage = true });
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
