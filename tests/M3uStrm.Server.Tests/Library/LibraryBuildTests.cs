using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace M3uStrm.Server.Tests.Library;

/// <summary>The library built from the real Xtream captures (iris) through a real sync.</summary>
public sealed class LibraryBuildTests(LibraryServerFactory server) : IClassFixture<LibraryServerFactory>, IAsyncLifetime
{
    private FakeProvider fake = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeProvider.StartAsync();
        server.UseOwnAddressAsBaseUrl();
    }

    public async Task DisposeAsync() => await fake.DisposeAsync();

    private async Task<HttpClient> SyncedAsync()
    {
        var admin = await server.SignedInAsync();
        var id = await LibraryTestKit.CreateXtreamProviderAsync(admin, fake, "iris-" + Guid.NewGuid().ToString("N")[..6]);
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, id));
        return admin;
    }

    [Fact]
    public async Task Real_titles_land_at_the_expected_paths_with_strm_and_nfo()
    {
        var admin = await SyncedAsync();
        await LibraryTestKit.BuildSucceedsAsync(admin);
        var root = server.LibraryRoot;
        string[] expected =
        [
            "Movies/KIDS MOVIES/Madagascar - Escape 2 Africa (2008)/Madagascar - Escape 2 Africa (2008).strm",
            "Movies/KIDS MOVIES/Madagascar - Escape 2 Africa (2008)/Madagascar - Escape 2 Africa (2008).nfo",
            "Movies/KIDS MOVIES/Spirit - Stallion of the Cimarron/Spirit - Stallion of the Cimarron.strm",
            "Movies/2018 MOVIES/12.Strong.2018.1080p/12.Strong.2018.1080p.strm",
            "Movies/2018 MOVIES/7 Days in Entebbe (2018)/7 Days in Entebbe (2018).strm",
            "Movies/WRESTLING-MMA-BOXING REPLAY/UFC 226 - Miocic vs. Cormier/UFC 226 - Miocic vs. Cormier.strm",
            // Mapped genre (Library:Genres) and brackets kept.
            "Movies/Horror/[Rec] (2007)/[Rec] (2007).strm",
            "Movies/Horror/The Texas Chainsaw Massacre - The Beginning (2006)/The Texas Chainsaw Massacre - The Beginning (2006).nfo",
            // Series without a category fall back to "Uncategorized"; the provider's "Show - S01E01 - " prefix is not doubled.
            "TV Shows/Uncategorized/The Big Bang Theory/tvshow.nfo",
            "TV Shows/Uncategorized/The Big Bang Theory/Season 01/The Big Bang Theory - S01E01 - Monday, February 24, 2025.strm",
            "TV Shows/Uncategorized/The Big Bang Theory/Season 01/The Big Bang Theory - S01E02 - Tuesday, February 25, 2025.nfo",
            "TV Shows/Uncategorized/Peaky Blinders/Season 01/Peaky Blinders - S01E01 - Monday, February 24, 2025.strm",
        ];
        var missing = expected.Where(p => !File.Exists(Path.Combine(root, p))).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing) + "\nsome files: "
            + string.Join("\n", LibraryTestKit.Snapshot(root).Keys.Order().Take(40)));

        // One line: our playback URL with the library's token, never a provider URL.
        var token = await LibraryTestKit.LibraryTokenAsync(server);
        var strm = LibraryTestKit.Read(root, expected[0]);
        Assert.Matches(new Regex($"^{Regex.Escape(server.BaseAddress.ToString().TrimEnd('/'))}/play/{token}/movie/\\d+\\.mkv\n$"), strm);
        Assert.DoesNotContain(fake.Address.Authority, strm, StringComparison.Ordinal);
        Assert.DoesNotContain("IRIS_PASSWORD", strm, StringComparison.Ordinal);
        Assert.Matches(new Regex($"/play/{token}/episode/\\d+\\.mp4\n$"), LibraryTestKit.Read(root, expected[9]));

        var movie = XDocument.Parse(LibraryTestKit.Read(root, expected[1])).Root!;
        Assert.Equal("movie", movie.Name.LocalName);
        Assert.Equal("Madagascar: Escape 2 Africa", movie.Element("title")?.Value);
        Assert.Equal("2008", movie.Element("year")?.Value);
        Assert.Equal("KIDS MOVIES", movie.Element("genre")?.Value);
        Assert.StartsWith("https://m.media-amazon.com/", movie.Element("thumb")?.Value, StringComparison.Ordinal);
        var show = XDocument.Parse(LibraryTestKit.Read(root, expected[8])).Root!;
        Assert.Equal("tvshow", show.Name.LocalName);
        Assert.Equal("The Big Bang Theory", show.Element("title")?.Value);
        var episode = XDocument.Parse(LibraryTestKit.Read(root, expected[10])).Root!;
        Assert.Equal("episodedetails", episode.Name.LocalName);
        Assert.Equal("Tuesday, February 25, 2025", episode.Element("title")?.Value);
        Assert.Equal("1", episode.Element("season")?.Value);
        Assert.Equal("2", episode.Element("episode")?.Value);
        Assert.Equal("The Big Bang Theory", episode.Element("showtitle")?.Value);

        var status = await (await admin.GetAsync("/api/admin/library/status")).ReadJsonAsync();
        var counts = status.GetProperty("counts");
        Assert.True(counts.GetProperty("movies").GetInt32() > 300, status.ToString());
        Assert.Equal(12, counts.GetProperty("series").GetInt32());
        Assert.Equal(24, counts.GetProperty("episodes").GetInt32());
        Assert.Equal(LibraryTestKit.Snapshot(root).Count, counts.GetProperty("files").GetInt32());
        Assert.True(status.GetProperty("last_run").GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task A_second_provider_with_the_same_titles_adds_no_duplicates()
    {
        var admin = await SyncedAsync();
        await LibraryTestKit.BuildSucceedsAsync(admin);
        var before = LibraryTestKit.Snapshot(server.LibraryRoot);
        await SyncedAsync();
        await LibraryTestKit.BuildSucceedsAsync(admin);
        Assert.Equal(before, LibraryTestKit.Snapshot(server.LibraryRoot));
    }

    [Fact]
    public async Task A_rebuild_without_changes_writes_nothing()
    {
        var admin = await SyncedAsync();
        await LibraryTestKit.BuildSucceedsAsync(admin);
        var before = LibraryTestKit.Snapshot(server.LibraryRoot);
        Assert.NotEmpty(before);
        await Task.Delay(50);

        var run = await LibraryTestKit.BuildSucceedsAsync(admin);
        Assert.Contains("+0 ~0 -0 files", run.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, LibraryTestKit.Snapshot(server.LibraryRoot));

        var dry = await LibraryTestKit.DryRunAsync(admin);
        Assert.Equal(0, dry.GetProperty("added").GetInt32());
        Assert.Equal(0, dry.GetProperty("changed").GetInt32());
        Assert.Equal(0, dry.GetProperty("removed").GetInt32());
    }

    [Fact]
    public async Task A_dry_run_reports_and_writes_nothing()
    {
        var admin = await SyncedAsync();
        var before = LibraryTestKit.Snapshot(server.LibraryRoot);
        // A deleted file is what a dry run must report as to be added, without writing it back.
        var victim = before.Keys.FirstOrDefault(k => k.EndsWith(".strm", StringComparison.Ordinal));
        if (victim is not null)
        {
            File.Delete(Path.Combine(server.LibraryRoot, victim));
            before.Remove(victim);
        }

        var dry = await LibraryTestKit.DryRunAsync(admin);
        Assert.True(dry.GetProperty("dry_run").GetBoolean());
        Assert.True(dry.GetProperty("added").GetInt32() + dry.GetProperty("changed").GetInt32() > 0, dry.ToString());
        Assert.True(dry.GetProperty("movies").GetInt32() > 300);
        Assert.Equal(before, LibraryTestKit.Snapshot(server.LibraryRoot));
        foreach (var path in dry.GetProperty("added_paths").EnumerateArray().Concat(dry.GetProperty("changed_paths").EnumerateArray()))
        {
            Assert.False(File.Exists(Path.Combine(server.LibraryRoot, path.GetString()!)) && !before.ContainsKey(path.GetString()!));
        }
    }

    [Fact]
    public async Task Strm_urls_authenticate_as_the_library_account_which_cannot_sign_in()
    {
        var admin = await SyncedAsync();
        await LibraryTestKit.BuildSucceedsAsync(admin);
        var root = server.LibraryRoot;
        var anonymous = server.Anonymous();
        foreach (var file in LibraryTestKit.Snapshot(root).Keys.Where(k => k.EndsWith(".strm", StringComparison.Ordinal))
            .OrderBy(k => k.StartsWith("TV Shows", StringComparison.Ordinal)).Take(1)
            .Concat(LibraryTestKit.Snapshot(root).Keys.Where(k => k.StartsWith("TV Shows", StringComparison.Ordinal) && k.EndsWith(".strm", StringComparison.Ordinal)).Take(1)))
        {
            var url = new Uri(LibraryTestKit.Read(root, file).Trim());
            Assert.Equal(server.BaseAddress.Authority, url.Authority);
            using var answer = await anonymous.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            // The upstream is a fake that serves no video: anything but "who are you" is fine.
            Assert.NotEqual(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, answer.StatusCode);

            var forged = url.ToString().Replace("/play/", "/play/x", StringComparison.Ordinal);
            using var refused = await anonymous.GetAsync(forged, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var login = await server.Browser().PostAsJsonAsync("/api/auth/login", new { username = "library", password = "" });
        Assert.False(login.IsSuccessStatusCode);
        var login2 = await server.Browser().PostAsJsonAsync("/api/auth/login", new { username = "library", password = "library-password-123" });
        Assert.False(login2.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Leftover_temp_files_of_an_interrupted_build_are_cleaned_and_missing_files_rewritten()
    {
        var admin = await SyncedAsync();
        await LibraryTestKit.BuildSucceedsAsync(admin);
        var root = server.LibraryRoot;
        var files = LibraryTestKit.Snapshot(root);

        var some = files.Keys.First(k => k.EndsWith(".strm", StringComparison.Ordinal));
        var full = Path.Combine(root, some);
        var content = File.ReadAllText(full);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, ".0123456789abcdef.m3ustrm-tmp");
        File.WriteAllText(temp, "half a fi");
        File.WriteAllText(Path.Combine(root, ".m3ustrm-build-in-progress"), "interrupted");
        File.Delete(full);

        var run = await LibraryTestKit.BuildSucceedsAsync(admin);
        Assert.False(File.Exists(temp));
        Assert.False(File.Exists(Path.Combine(root, ".m3ustrm-build-in-progress")));
        Assert.Equal(content, File.ReadAllText(full));
        Assert.Contains("~1 ", run.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
