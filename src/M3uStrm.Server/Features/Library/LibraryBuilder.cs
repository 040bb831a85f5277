using System.Security.Cryptography;
using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Library;

/// <summary>What a build did (or, in a dry run, would do). Path lists are capped at <see cref="LibraryBuilder.MaxListed"/>.</summary>
public sealed record LibraryReport(
    bool DryRun,
    string Root,
    int Movies,
    int Series,
    int Episodes,
    int Added,
    int Changed,
    int Removed,
    int Unchanged,
    int PendingRemoval,
    IReadOnlyList<string> AddedPaths,
    IReadOnlyList<string> ChangedPaths,
    IReadOnlyList<string> RemovedPaths,
    IReadOnlyList<string> Problems,
    double DurationSeconds)
{
    public string Summary =>
        $"{Movies} movies, {Series} series, {Episodes} episodes: +{Added} ~{Changed} -{Removed} files ({Unchanged} unchanged, {PendingRemoval} pending removal), {Problems.Count} problem(s)";
}

/// <summary>
/// Brings the tree under the root in line with the plan, touching only what changed: new and changed files are
/// written atomically (temp file in the same folder, then rename), files of vanished items are removed once their
/// grace period is over, and folders left empty are deleted. The state table remembers every file's hash.
/// </summary>
internal sealed class LibraryBuilder(
    AppDbContext db,
    LibraryPlanner planner,
    LibraryAccount account,
    BulkWriter bulk,
    IOptionsSnapshot<LibraryOptions> libraryOptions,
    IOptionsSnapshot<ServerOptions> serverOptions,
    TimeProvider time,
    ILogger<LibraryBuilder> logger)
{
    public const int MaxListed = 1000;
    public const string TempSuffix = ".m3ustrm-tmp";

    /// <summary>Present while a build writes; found at the start of a build, it means the last one was interrupted.</summary>
    public const string InProgressMarker = ".m3ustrm-build-in-progress";
    private const int Chunk = 1000;

    public string Root => ResolveRoot(libraryOptions.Value, serverOptions.Value);

    public static string ResolveRoot(LibraryOptions library, ServerOptions server) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(string.IsNullOrWhiteSpace(library.Root)
            ? Path.Combine(server.FullDataDirectory, "library")
            : library.Root));

    /// <summary>The base URL STRM files use, or null when neither <c>Library:BaseUrl</c> nor <c>PublicUrl</c> is set.</summary>
    public string? BaseUrl =>
        !string.IsNullOrWhiteSpace(libraryOptions.Value.BaseUrl) ? libraryOptions.Value.BaseUrl.TrimEnd('/')
        : !string.IsNullOrWhiteSpace(serverOptions.Value.PublicUrl) ? serverOptions.Value.PublicUrl.TrimEnd('/')
        : null;

    public async Task<LibraryReport> BuildAsync(bool dryRun, Func<string, Task>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var startedAt = time.GetUtcNow().UtcDateTime;
        var options = libraryOptions.Value;
        var baseUrl = BaseUrl ?? throw new LibraryException(
            "STRM files need the absolute address media servers reach this server at: set Library:BaseUrl (or PublicUrl).");
        var root = Root;
        var token = await account.TokenAsync(create: !dryRun, cancellationToken) ?? "LIBRARY-ACCOUNT-NOT-CREATED-YET";

        await Report(progress, "planning");
        var plan = await planner.PlanAsync(options, baseUrl, token, root, cancellationToken);
        var problems = plan.Problems;

        var plannedAt = time.GetElapsedTime(started);
        var state = await db.Set<LibraryFile>().AsNoTracking()
            .Select(f => new { f.Id, f.Path, f.Hash, f.MissingRuns })
            .ToDictionaryAsync(f => f.Path, StringComparer.Ordinal, cancellationToken);

        var planned = plan.Files.Values.ToArray();
        var hashes = new string[planned.Length];
        var onDisk = new bool[planned.Length];
        // Hashing and the existence check of 200k files are independent: spread them over the cores.
        Parallel.For(0, planned.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            hashes[i] = Convert.ToHexStringLower(SHA256.HashData(planned[i].Content));
            onDisk[i] = state.TryGetValue(planned[i].Path, out var known) && known.Hash == hashes[i] && File.Exists(Path.Combine(root, planned[i].Path));
        });
        var compared = time.GetElapsedTime(started);

        var toWrite = new List<(PlannedFile File, string Hash, long? Id)>();
        var reset = new List<long>();
        var unchanged = 0;
        for (var i = 0; i < planned.Length; i++)
        {
            var file = planned[i];
            if (!state.TryGetValue(file.Path, out var known))
            {
                toWrite.Add((file, hashes[i], null));
            }
            else if (!onDisk[i])
            {
                toWrite.Add((file, hashes[i], known.Id));
            }
            else
            {
                unchanged++;
                if (known.MissingRuns > 0)
                {
                    reset.Add(known.Id);
                }
            }
        }

        // Files whose item vanished: kept for GraceRuns builds (a provider hiccup must not empty the library).
        var desiredFolded = new HashSet<string>(plan.Files.Keys, StringComparer.OrdinalIgnoreCase);
        var missing = state.Values.Where(f => !plan.Files.ContainsKey(f.Path)).ToList();
        var remove = missing.Where(f => f.MissingRuns + 1 >= options.GraceRuns).ToList();
        var pending = missing.Where(f => f.MissingRuns + 1 < options.GraceRuns).Select(f => f.Id).ToList();

        var added = toWrite.Where(w => w.Id is null).Select(w => w.File.Path).Order(StringComparer.Ordinal).ToList();
        var changed = toWrite.Where(w => w.Id is not null).Select(w => w.File.Path).Order(StringComparer.Ordinal).ToList();
        var removed = remove.Select(f => f.Path).Order(StringComparer.Ordinal).ToList();

        if (!dryRun)
        {
            await Report(progress, $"writing {toWrite.Count} file(s), removing {remove.Count}");
            Directory.CreateDirectory(root);
            var marker = Path.Combine(root, InProgressMarker);
            if (File.Exists(marker))
            {
                // Only after an interrupted build: walking a 250k-entry tree costs more than the whole no-change build.
                DeleteLeftoverTempFiles(root);
            }

            await File.WriteAllTextAsync(marker, startedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            var failed = WriteFiles(root, toWrite.Select(w => w.File).ToList(), problems, cancellationToken);
            var removedFolders = DeleteFiles(root, remove.Where(f => !desiredFolded.Contains(f.Path)).Select(f => f.Path), problems);
            DeleteEmptyFolders(root, removedFolders);

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Changed rows are replaced (delete + bulk insert): one statement per chunk instead of one per file.
            foreach (var ids in toWrite.Where(w => w.Id is not null).Select(w => w.Id!.Value).Chunk(Chunk))
            {
                await db.Set<LibraryFile>().Where(f => ids.Contains(f.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            var rows = toWrite.Where(w => !failed.Contains(w.File.Path))
                .Select(w => new LibraryFile { Path = w.File.Path, Kind = w.File.Kind, Hash = w.Hash, WrittenAt = now });
            await bulk.InsertAsync(rows, withKeys: false, cancellationToken);
            foreach (var ids in reset.Chunk(Chunk))
            {
                await db.Set<LibraryFile>().Where(f => ids.Contains(f.Id)).ExecuteUpdateAsync(s => s.SetProperty(f => f.MissingRuns, 0), cancellationToken);
            }

            foreach (var ids in pending.Chunk(Chunk))
            {
                await db.Set<LibraryFile>().Where(f => ids.Contains(f.Id)).ExecuteUpdateAsync(s => s.SetProperty(f => f.MissingRuns, f => f.MissingRuns + 1), cancellationToken);
            }

            foreach (var ids in remove.Select(f => f.Id).Chunk(Chunk))
            {
                await db.Set<LibraryFile>().Where(f => ids.Contains(f.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            File.Delete(marker);
        }

        var report = new LibraryReport(dryRun, root, plan.Movies, plan.Series, plan.Episodes, added.Count, changed.Count, removed.Count, unchanged, pending.Count,
            [.. added.Take(MaxListed)], [.. changed.Take(MaxListed)], [.. removed.Take(MaxListed)], [.. problems.Take(MaxListed)],
            time.GetElapsedTime(started).TotalSeconds);
        if (!dryRun)
        {
            db.Add(new LibraryRun
            {
                StartedAt = startedAt,
                FinishedAt = time.GetUtcNow().UtcDateTime,
                Succeeded = true,
                Added = report.Added,
                Changed = report.Changed,
                Removed = report.Removed,
                Unchanged = report.Unchanged,
                PendingRemoval = report.PendingRemoval,
                Problems = JsonSerializer.Serialize(problems.Take(100)),
                Message = report.Summary,
            });
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Library build: {Summary} in {Seconds:F1}s (planned {Planned:F1}s, compared {Compared:F1}s)",
                report.Summary, report.DurationSeconds, plannedAt.TotalSeconds, compared.TotalSeconds);
        }

        return report;
    }

    /// <summary>Records a build that could not run, so the status API shows why.</summary>
    public async Task RecordFailureAsync(string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        db.ChangeTracker.Clear();
        db.Add(new LibraryRun { StartedAt = now, FinishedAt = now, Succeeded = false, Message = message.Length > 4000 ? message[..4000] : message });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Task Report(Func<string, Task>? progress, string text) => progress is null ? Task.CompletedTask : progress(text);

    /// <summary>Writes each file atomically; returns the paths that could not be written (reported as problems, retried next build).</summary>
    private HashSet<string> WriteFiles(string root, List<PlannedFile> files, List<string> problems, CancellationToken cancellationToken)
    {
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var gate = new Lock();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = cancellationToken }, file =>
        {
            var full = LibraryNames.Inside(root, file.Path);
            try
            {
                if (full is null)
                {
                    throw new IOException("the path is outside the library root");
                }

                WriteAtomically(full, file.Content);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                lock (gate)
                {
                    failed.Add(file.Path);
                    problems.Add($"could not write '{file.Path}': {ex.Message}");
                }

                logger.LogWarning("Library: could not write {Path}: {Error}", file.Path, ex.Message);
            }
        });
        return failed;
    }

    internal static void WriteAtomically(string full, byte[] content)
    {
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
            {
                stream.Write(content);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private List<string> DeleteFiles(string root, IEnumerable<string> paths, List<string> problems)
    {
        var folders = new List<string>();
        foreach (var path in paths)
        {
            var full = LibraryNames.Inside(root, path);
            if (full is null)
            {
                continue;
            }

            try
            {
                File.Delete(full);
                folders.Add(Path.GetDirectoryName(full)!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"could not delete '{path}': {ex.Message}");
                logger.LogWarning("Library: could not delete {Path}: {Error}", path, ex.Message);
            }
        }

        return folders;
    }

    /// <summary>Deletes each folder (and its parents up to the root) that is now empty.</summary>
    private static void DeleteEmptyFolders(string root, IEnumerable<string> folders)
    {
        foreach (var start in folders.Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length))
        {
            var folder = start;
            while (folder.Length > root.Length && folder.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                try
                {
                    if (!Directory.Exists(folder) || Directory.EnumerateFileSystemEntries(folder).Any())
                    {
                        break;
                    }

                    Directory.Delete(folder);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    break;
                }

                folder = Path.GetDirectoryName(folder)!;
            }
        }
    }

    /// <summary>Temp files of an interrupted build: the files they were meant to replace are intact, so they just go.</summary>
    private static void DeleteLeftoverTempFiles(string root)
    {
        foreach (var temp in Directory.EnumerateFiles(root, "*" + TempSuffix, new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // Another process holds it; the next build tries again.
            }
        }
    }
}
