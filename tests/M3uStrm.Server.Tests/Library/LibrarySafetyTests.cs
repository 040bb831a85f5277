using System.Text;
using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Hosting.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests.Library;

public sealed class LibrarySafetyFactory : LibraryServerFactory;

/// <summary>Hostile names from a provider, removal after the grace period, and atomic writes.</summary>
public sealed class LibrarySafetyTests(LibrarySafetyFactory server) : IClassFixture<LibrarySafetyFactory>, IAsyncLifetime
{
    private static readonly string[] Hostile =
    [
        "../../etc/passwd", "CON", "nul", "COM1.txt", "a/b\\c", "name. ", "..", ".", "   ", "<>:\"|?*", "/absolute/path", "C:\\Windows\\System32",
        new string('L', 300), string.Concat(Enumerable.Repeat("Longer Title ", 30)) + "(2001)", "Popcorn 🍿🎬 Night (2020)",
        "Ame\u0301lie (2001)", "Tab\tand\nnewline\u0007null", "Trailing dots...", "\u202Eevil.exe (1999)", "Keep 4 (2019)",
    ];

    private FakeProvider fake = null!;
    private string folder = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeProvider.StartAsync();
        folder = Path.Combine(Path.GetTempPath(), "m3ustrm-library-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(fake.XtreamFolder))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(folder, "get_vod_categories.json"), JsonSerializer.Serialize(new[]
        {
            new { category_id = "1", category_name = "../../..", parent_id = 0 },
            new { category_id = "2", category_name = "AUX", parent_id = 0 },
        }));
        WriteVod(Hostile);
        fake.XtreamFolder = folder;
        server.UseOwnAddressAsBaseUrl();
    }

    public async Task DisposeAsync()
    {
        await fake.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private void WriteVod(IEnumerable<string> names) =>
        File.WriteAllText(Path.Combine(folder, "get_vod_streams.json"), JsonSerializer.Serialize(names.Select((name, i) => new
        {
            num = i + 1,
            name,
            stream_type = "movie",
            stream_id = 900_000 + Array.IndexOf(Hostile, name),
            stream_icon = "",
            rating = "",
            added = "1530000000",
            category_id = i % 2 == 0 ? "1" : "2",
            container_extension = "mkv",
        })));

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    private static void AssertValidName(string name, string path)
    {
        Assert.False(string.IsNullOrEmpty(name), path);
        Assert.NotEqual(".", name);
        Assert.NotEqual("..", name);
        Assert.False(name.StartsWith('.'), $"hidden or relative name in {path}");
        Assert.False(name.EndsWith('.') || name.EndsWith(' '), $"trailing dot/space in {path}");
        Assert.False(name.Any(c => c < 0x20 || c == 0x7F || "<>:\"/\\|?*".Contains(c, StringComparison.Ordinal)), $"illegal character in {path}");
        Assert.False(Reserved.Contains(name.Split('.')[0].TrimEnd(' ')), $"reserved device name in {path}");
        Assert.True(Encoding.UTF8.GetByteCount(name) <= 255, $"name too long in {path}");
        Assert.True(name == Features.Library.UnicodeNfc.Compose(name), $"not NFC: {path}");
        Assert.DoesNotContain('\uFFFD', name);
    }

    [Fact]
    public async Task Hostile_names_stay_inside_the_root_and_are_valid_everywhere_and_vanished_items_go_after_the_grace_period()
    {
        var admin = await server.SignedInAsync();
        var id = await LibraryTestKit.CreateXtreamProviderAsync(admin, fake, "hostile");
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, id));
        await LibraryTestKit.BuildSucceedsAsync(admin);

        var root = server.LibraryRoot;
        var files = LibraryTestKit.Snapshot(root);
        var movies = files.Keys.Where(k => k.StartsWith("Movies/", StringComparison.Ordinal)).ToList();
        // Every hostile title gave one movie (strm + nfo), none was lost or merged into another.
        Assert.Equal(Hostile.Length * 2, movies.Count);
        var fullRoot = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            Assert.StartsWith(fullRoot, Path.GetFullPath(file), StringComparison.Ordinal);
            var relative = Path.GetRelativePath(root, file);
            foreach (var part in relative.Split(Path.DirectorySeparatorChar))
            {
                AssertValidName(part, relative);
            }
        }

        // Nothing escaped into the data directory (or above it).
        var outside = Directory.EnumerateFiles(server.Database.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(fullRoot, StringComparison.Ordinal) && (f.EndsWith(".strm", StringComparison.Ordinal) || f.EndsWith(".nfo", StringComparison.Ordinal)));
        Assert.Empty(outside);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(server.Database.DataDirectory)!, "etc", "passwd.strm")));

        string[] expected =
        [
            "Movies/Uncategorized/etc-passwd/etc-passwd.strm",
            "Movies/_AUX/_CON/_CON.strm",
            "Movies/Uncategorized/_nul/_nul.nfo",
            "Movies/_AUX/_COM1.txt/_COM1.txt.strm",
            "Movies/Uncategorized/a-b-c/a-b-c.strm",
            "Movies/_AUX/name/name.strm",
            "Movies/_AUX/C - Windows-System32/C - Windows-System32.strm",
            "Movies/Uncategorized/Popcorn 🍿🎬 Night (2020)/Popcorn 🍿🎬 Night (2020).strm",
            "Movies/_AUX/Amélie (2001)/Amélie (2001).strm",
            "Movies/_AUX/Trailing dots/Trailing dots.strm",
            "Movies/Uncategorized/Tab and newline null/Tab and newline null.strm",
            "Movies/Uncategorized/evil.exe (1999)/evil.exe (1999).strm",
        ];
        var missing = expected.Where(p => !files.ContainsKey(p)).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing) + "\nfiles:\n" + string.Join("\n", movies.Order(StringComparer.Ordinal)));

        // Only punctuation, dots or blanks: a readable fallback name ("Movie <id>").
        Assert.Equal(4, movies.Count(m => System.Text.RegularExpressions.Regex.IsMatch(m, @"^Movies/[^/]+/Movie \d+/Movie \d+\.strm$")));

        // The item "Keep 4" vanishes from the provider: kept for one build (grace 2), gone after the second with its folder.
        var vanishing = "Movies/_AUX/Keep 4 (2019)/Keep 4 (2019).strm";
        Assert.True(files.ContainsKey(vanishing), string.Join("\n", movies));
        WriteVod(Hostile.Where(h => h != "Keep 4 (2019)"));
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, id));
        var dry = await LibraryTestKit.DryRunAsync(admin);
        Assert.Equal(0, dry.GetProperty("removed").GetInt32());
        Assert.Equal(2, dry.GetProperty("pending_removal").GetInt32());

        await LibraryTestKit.BuildSucceedsAsync(admin);
        Assert.True(File.Exists(Path.Combine(root, vanishing)), "kept during the grace period");
        var status = await (await admin.GetAsync("/api/admin/library/status")).ReadJsonAsync();
        Assert.Equal(2, status.GetProperty("counts").GetProperty("pending_removal").GetInt32());

        dry = await LibraryTestKit.DryRunAsync(admin);
        Assert.Contains(vanishing, dry.GetProperty("removed_paths").EnumerateArray().Select(p => p.GetString()));
        Assert.True(File.Exists(Path.Combine(root, vanishing)), "a dry run removes nothing");

        var before = LibraryTestKit.Snapshot(root);
        await LibraryTestKit.BuildSucceedsAsync(admin);
        Assert.False(File.Exists(Path.Combine(root, vanishing)));
        Assert.False(Directory.Exists(Path.Combine(root, "Movies/_AUX/Keep 4 (2019)")), "its empty folder is deleted");
        var after = LibraryTestKit.Snapshot(root);
        // Everything else untouched.
        Assert.Equal(before.Where(kv => !kv.Key.Contains("Keep 4", StringComparison.Ordinal)), after);

        // It comes back: written again at once.
        WriteVod(Hostile);
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, id));
        await LibraryTestKit.BuildSucceedsAsync(admin);
        Assert.True(File.Exists(Path.Combine(root, vanishing)));
    }
}

/// <summary>Default settings: no base URL configured, builds queued after each sync.</summary>
public sealed class LibraryDefaultsTests(ProviderServerFactory server) : IClassFixture<ProviderServerFactory>
{
    [Fact]
    public async Task Without_a_base_url_the_build_fails_with_a_clear_message_and_a_sync_queues_a_build()
    {
        var admin = await server.SignedInAsync();
        var run = await LibraryTestKit.BuildAsync(admin);
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("Library:BaseUrl", run.GetProperty("message").GetString(), StringComparison.Ordinal);
        var status = await (await admin.GetAsync("/api/admin/library/status")).ReadJsonAsync();
        Assert.False(status.GetProperty("base_url_configured").GetBoolean());
        Assert.Contains(status.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("Library:BaseUrl", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/api/admin/library/build?dry_run=true", null)).StatusCode);
        Assert.Equal(Path.Combine(server.Database.DataDirectory, "library"), status.GetProperty("root").GetString());

        await using var fake = await FakeProvider.StartAsync();
        var id = await LibraryTestKit.CreateXtreamProviderAsync(admin, fake, "after-sync");
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, id));
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.Set<JobRun>().AnyAsync(r => r.JobKey == "library-build" && r.TriggeredBy == $"sync:{id}"));
    }
}
