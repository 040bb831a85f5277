using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Library;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests.Library;

public sealed class LibraryIncrementalFactory : LibraryServerFactory;

/// <summary>
/// What a rebuild notices without rendering or checking every file: items whose data changed (only their files are
/// rewritten), files and folders deleted by hand (their folder's modification time), and, on request, files edited by hand.
/// </summary>
public sealed class LibraryIncrementalTests(LibraryIncrementalFactory server) : IClassFixture<LibraryIncrementalFactory>, IAsyncLifetime
{
    private FakeProvider fake = null!;
    private string? catalogue;

    public async Task InitializeAsync()
    {
        fake = await FakeProvider.StartAsync();
        server.UseOwnAddressAsBaseUrl();
    }

    public async Task DisposeAsync()
    {
        await fake.DisposeAsync();
        if (catalogue is not null)
        {
            Directory.Delete(catalogue, recursive: true);
        }
    }

    private async Task<(HttpClient Admin, long ProviderId)> SyncedAsync(int priority = 0)
    {
        var admin = await server.SignedInAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new
        {
            name = "iris-" + Guid.NewGuid().ToString("N")[..6],
            kind = "xtream",
            url = fake.Address.ToString(),
            username = "IRIS_USERNAME",
            password = "IRIS_PASSWORD",
            priority,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, id));
        return (admin, id);
    }

    private static string Message(JsonElement run) => run.GetProperty("message").GetString()!;

    private static Dictionary<string, DateTime> Changed(Dictionary<string, DateTime> before, Dictionary<string, DateTime> after) =>
        after.Where(a => !before.TryGetValue(a.Key, out var b) || b != a.Value).ToDictionary();

    [Fact]
    public async Task Files_and_folders_deleted_by_hand_are_restored_by_the_next_build_and_nothing_else_is_touched()
    {
        var (admin, _) = await SyncedAsync();
        await LibraryTestKit.BuildSucceedsAsync(admin);
        var root = server.LibraryRoot;
        var before = LibraryTestKit.Snapshot(root);
        var file = before.Keys.First(k => k.StartsWith("Movies/", StringComparison.Ordinal) && k.EndsWith(".strm", StringComparison.Ordinal));
        var content = LibraryTestKit.Read(root, file);
        var folder = before.Keys.Select(k => k[..k.LastIndexOf('/')])
            .First(k => k.StartsWith("TV Shows/", StringComparison.Ordinal) && k.Contains("/Season ", StringComparison.Ordinal));
        var inFolder = before.Keys.Where(k => k.StartsWith(folder + "/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(inFolder);
        await Task.Delay(20);
        File.Delete(Path.Combine(root, file));
        Directory.Delete(Path.Combine(root, folder), recursive: true);

        // A dry run sees them too.
        var dry = await LibraryTestKit.DryRunAsync(admin);
        Assert.Equal(1 + inFolder.Count, dry.GetProperty("changed").GetInt32());

        var run = await LibraryTestKit.BuildSucceedsAsync(admin);
        Assert.Contains($"+0 ~{1 + inFolder.Count} -0 files", Message(run), StringComparison.Ordinal);
        var after = LibraryTestKit.Snapshot(root);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.Equal(content, LibraryTestKit.Read(root, file));
        Assert.Equal([.. inFolder.Append(file).Order()], Changed(before, after).Keys.Order());

        // And the build after that is back to touching nothing.
        var again = await LibraryTestKit.BuildSucceedsAsync(admin);
        Assert.Contains("+0 ~0 -0 files", Message(again), StringComparison.Ordinal);
        Assert.Equal(after, LibraryTestKit.Snapshot(root));
    }

    [Fact]
    public async Task A_changed_poster_rewrites_only_that_movies_nfo()
    {
        catalogue = Directory.CreateTempSubdirectory("m3ustrm-iris-").FullName;
        foreach (var source in Directory.EnumerateFiles(fake.XtreamFolder))
        {
            File.Copy(source, Path.Combine(catalogue, Path.GetFileName(source)));
        }

        fake.XtreamFolder = catalogue;
        // Above every other provider of this class: its version of each title is the one in the library.
        var (admin, providerId) = await SyncedAsync(priority: 100);
        await LibraryTestKit.BuildSucceedsAsync(admin);
        var root = server.LibraryRoot;
        var before = LibraryTestKit.Snapshot(root);
        const string Nfo = "Movies/KIDS MOVIES/Madagascar - Escape 2 Africa (2008)/Madagascar - Escape 2 Africa (2008).nfo";
        Assert.Contains(Nfo, before.Keys);

        var streamsFile = Path.Combine(catalogue, "get_vod_streams.json");
        var streams = JsonNode.Parse(File.ReadAllText(streamsFile))!.AsArray();
        var madagascar = streams.Single(s => s!["name"]!.GetValue<string>() == "Madagascar: Escape 2 Africa (2008)")!;
        madagascar["stream_icon"] = "https://images.example/madagascar-2.jpg";
        File.WriteAllText(streamsFile, streams.ToJsonString());
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, providerId));
        await Task.Delay(20);

        var run = await LibraryTestKit.BuildSucceedsAsync(admin);
        Assert.Contains("+0 ~1 -0 files", Message(run), StringComparison.Ordinal);
        var after = LibraryTestKit.Snapshot(root);
        Assert.Equal([Nfo], Changed(before, after).Keys);
        Assert.Equal("https://images.example/madagascar-2.jpg", XDocument.Parse(LibraryTestKit.Read(root, Nfo)).Root!.Element("thumb")?.Value);
    }

    [Fact]
    public async Task A_verify_build_restores_a_file_edited_by_hand()
    {
        var (admin, _) = await SyncedAsync();
        await LibraryTestKit.BuildSucceedsAsync(admin);
        var root = server.LibraryRoot;
        var nfo = LibraryTestKit.Snapshot(root).Keys.First(k => k.EndsWith("tvshow.nfo", StringComparison.Ordinal));
        var content = LibraryTestKit.Read(root, nfo);
        // Edited in place: the folder's modification time does not change, so only a verify notices.
        await using (var stream = new FileStream(Path.Combine(root, nfo), FileMode.Open, FileAccess.Write))
        {
            stream.Write("<!-- edited -->"u8);
        }

        var dry = await (await admin.PostAsync("/api/admin/library/build?dry_run=true&verify=true", null)).ReadJsonAsync();
        Assert.Equal(1, dry.GetProperty("changed").GetInt32());
        Assert.Equal(nfo, dry.GetProperty("changed_paths")[0].GetString());

        var accepted = await admin.PostAsync("/api/admin/library/build?verify=true", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var runId = (await accepted.ReadJsonAsync()).GetProperty("run_id").GetString();
        JsonElement run;
        do
        {
            await Task.Delay(100);
            run = await (await admin.GetAsync($"/api/admin/jobs/runs/{runId}")).ReadJsonAsync();
        }
        while (run.GetProperty("status").GetString() is not ("succeeded" or "failed"));

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Contains("+0 ~1 -0 files", Message(run), StringComparison.Ordinal);
        Assert.Equal(content, LibraryTestKit.Read(root, nfo));
    }

    [Fact]
    public async Task State_rows_without_a_fingerprint_are_filled_in_without_rewriting_any_file()
    {
        var (admin, _) = await SyncedAsync();
        await LibraryTestKit.BuildSucceedsAsync(admin);
        var root = server.LibraryRoot;
        var before = LibraryTestKit.Snapshot(root);
        // As after the upgrade that added the column: every row's fingerprint unknown.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Set<LibraryFile>().ExecuteUpdateAsync(s => s.SetProperty(f => f.Source, 0L));
        }

        var run = await LibraryTestKit.BuildSucceedsAsync(admin);
        Assert.Contains("+0 ~0 -0 files", Message(run), StringComparison.Ordinal);
        Assert.Equal(before, LibraryTestKit.Snapshot(root));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(0, await db.Set<LibraryFile>().CountAsync(f => f.Source == 0));
            Assert.Equal(before.Count, await db.Set<LibraryFile>().CountAsync());
        }
    }

    /// <summary>
    /// Builds skip rendering files whose inputs are unchanged, so a change to the NFO (or STRM) output must come with a
    /// new <see cref="LibraryNfo.FormatVersion"/>, or existing libraries would keep the old format. When this fails:
    /// bump the version and update the expected hashes.
    /// </summary>
    [Fact]
    public void The_nfo_output_is_pinned_to_its_format_version()
    {
        var info = new NfoInfo("Amélie & <Co>", 2001, "A plot.", "Comedy", 7.25, 122, "https://images.example/p.jpg", "https://images.example/f.jpg",
            "194", "tt0211915", "Show", 1, 2);
        string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        Assert.Equal(
            (1, "eefe5263de6edf08", "cd70f9edb537cf57", "96770fca808e2846"),
            (LibraryNfo.FormatVersion, Hash(LibraryNfo.Movie(info)), Hash(LibraryNfo.Show(info)), Hash(LibraryNfo.Episode(info))));
    }

    /// <summary>A field the fingerprint forgot would let a changed item keep its old NFO: every field must move it.</summary>
    [Fact]
    public void Every_nfo_field_and_the_kind_change_the_fingerprint()
    {
        var constructor = typeof(NfoInfo).GetConstructors().Single();
        var parameters = constructor.GetParameters();
        object?[] Values() => [.. parameters.Select(p => p.ParameterType == typeof(string) ? "a" : p.ParameterType == typeof(int?) ? 1 : (object?)1.5)];
        var baseline = LibraryFingerprint.Of(LibraryFileKinds.MovieNfo, (NfoInfo)constructor.Invoke(Values()));
        Assert.NotEqual(baseline, LibraryFingerprint.Of(LibraryFileKinds.EpisodeNfo, (NfoInfo)constructor.Invoke(Values())));
        Assert.Equal(baseline, LibraryFingerprint.Of(LibraryFileKinds.MovieNfo, (NfoInfo)constructor.Invoke(Values())));
        for (var i = 0; i < parameters.Length; i++)
        {
            foreach (var other in new object?[] { null, parameters[i].ParameterType == typeof(string) ? "b" : parameters[i].ParameterType == typeof(int?) ? (object)2 : 2.5 })
            {
                var values = Values();
                if (i == 0 && other is null)
                {
                    continue; // the title is required
                }

                values[i] = other;
                Assert.True(baseline != LibraryFingerprint.Of(LibraryFileKinds.MovieNfo, (NfoInfo)constructor.Invoke(values)),
                    $"{parameters[i].Name} = {other ?? "null"} does not change the fingerprint");
            }
        }

        // Values must not run together across fields.
        Assert.NotEqual(
            LibraryFingerprint.Of(LibraryFileKinds.MovieNfo, new NfoInfo("ab", Plot: "c")),
            LibraryFingerprint.Of(LibraryFileKinds.MovieNfo, new NfoInfo("a", Plot: "bc")));
        Assert.NotEqual(LibraryFingerprint.Of(LibraryFileKinds.Movie, "http://x/1"), LibraryFingerprint.Of(LibraryFileKinds.Movie, "http://x/2"));
    }
}
