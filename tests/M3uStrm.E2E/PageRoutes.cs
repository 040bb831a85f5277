namespace M3uStrm.E2E;

/// <summary>
/// One page of the web UI for the page tour (<see cref="PageTourTests"/>).
/// <paramref name="Path"/>, <paramref name="Heading"/> and <paramref name="Shows"/> may hold placeholders filled from the
/// seeded data: <c>{provider}</c>, <c>{providerName}</c>, <c>{channel}</c>, <c>{channelName}</c>, <c>{stream}</c>,
/// <c>{epgSource}</c>, <c>{epgSourceName}</c>, <c>{user}</c>, <c>{userName}</c>.
/// </summary>
/// <param name="Name">The screenshot's file name: <c>artifacts/screenshots/{Name}.png</c>.</param>
/// <param name="Path">The address opened (a full page load, as a bookmark would).</param>
/// <param name="Heading">The page's level-1 heading, which must be visible.</param>
/// <param name="Shows">Text from the seeded data the page must show, so an empty page does not pass.</param>
/// <param name="Phone">Also taken at 375 px wide in dark mode: <c>{Name}-375-dark.png</c>.</param>
/// <param name="SignedOut">Opened without signing in.</param>
public sealed record PageRoute(string Name, string Path, string Heading, string? Shows = null, bool Phone = false, bool SignedOut = false)
{
    public override string ToString() => Name;
}

/// <summary>Every route of <c>web/src/App.tsx</c>. A new page gets a line here and is screenshotted and checked.</summary>
public static class PageRoutes
{
    public static readonly PageRoute[] All =
    [
        new("login", "/login", "Sign in", Shows: "On first start the server printed", Phone: true, SignedOut: true),
        new("dashboard", "/", "Dashboard", Shows: "Last syncs", Phone: true),
        new("account", "/account", "Account", Shows: "{userName}"),
        new("guide", "/guide", "Guide", Shows: "{channelName} programme"),
        new("users", "/users", "Users", Shows: "{userName}"),
        new("providers", "/providers", "Providers", Shows: "{providerName}"),
        new("providers-new", "/providers/new", "Add provider", Shows: "Playlist URL"),
        new("providers-detail", "/providers/{provider}", "{providerName}", Shows: "succeeded", Phone: true),
        new("providers-edit", "/providers/{provider}/edit", "Edit {providerName}", Shows: "Sync schedule"),
        new("channels", "/channels", "Channels", Shows: "{channelName}", Phone: true),
        new("channels-detail", "/channels/{channel}", "{channelName}", Shows: "{providerName}"),
        new("epg", "/epg", "EPG", Shows: "{epgSourceName}"),
        new("epg-source", "/epg/sources/{epgSource}", "{epgSourceName}", Shows: "succeeded"),
        new("health", "/health", "Health", Shows: "Not checked yet"),
        new("health-stream", "/health/streams/{stream}", "Stream {stream}", Shows: "Quality history"),
        new("jobs", "/jobs", "Jobs", Shows: "provider-sync"),
        new("analytics", "/analytics", "Analytics", Shows: "{channelName}", Phone: true),
        new("live", "/live", "Live", Shows: "Active viewers", Phone: true),
        new("library", "/library", "Library"),
        new("notifications", "/notifications", "Notifications", Shows: "provider_sync_failures"),
        new("not-found", "/no-such-page", "Page not found", Shows: "There is nothing at this address."),
        new("settings", "/settings", "Settings", Shows: "HdHomeRun:TunerCount", Phone: true),
        new("analytics-user", "/analytics/users/{user}?days=30", "Engagement of {userName}", Shows: "Sessions"),
        // A new page gets its line here.
    ];
}
