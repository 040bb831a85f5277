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

    private sealed record KnownFile(long Id, string Path, long Source, int MissingRuns);

    private enum Outcome : byte
    {
        Unchanged,

        /// <summary>Rendered and hashed because its fingerprint differs: the stored content hash decides between Refresh and Write.</summary>
        Compare,

        /// <summary>A verify found the same bytes on disk: the row is refreshed if its hash or fingerprint is not these.</summary>
        Verified,

        /// <summary>The file is right but its state row is not (new fingerprint, or a verify found other bytes than the row says).</summary>
        Refresh,
        Write,
    }

    /// <param name="verify">
    /// Render every file and compare it with what is on disk (and rewrite it when it differs), instead of trusting the
    /// state table and checking only folders modified since the last build.
    /// </param>
    public async Task<LibraryReport> BuildAsync(bool dryRun, Func<string, Task>? progress, CancellationToken cancellationToken, bool verify = false)
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
        var stateStarted = time.GetTimestamp();
        var state = await db.Set<LibraryFile>().AsNoTracking()
            .Select(f => new KnownFile(f.Id, f.Path, f.Source, f.MissingRuns))
            .ToDictionaryAsync(f => f.Path, StringComparer.Ordinal, cancellationToken);
        var stamp = await db.Set<LibraryRun>().AsNoTracking().Where(r => r.TreeStamp != null).OrderByDescending(r => r.Id)
            .Select(r => r.TreeStamp).FirstOrDefaultAsync(cancellationToken);
        var interrupted = File.Exists(Path.Combine(root, InProgressMarker));
        var stateLoaded = time.GetElapsedTime(stateStarted);

        // Which files may have gone since the last build: a file deleted (or renamed) by hand changes its folder's
        // modification time, so only folders modified after the last build's stamp are checked file by file. With no
        // stamp, after an interrupted build, or on request, every file is checked.
        var planned = plan.Files.Values.ToArray();
        var checkAll = verify || stamp is null || interrupted;
        var modified = checkAll ? null : ModifiedFolders(root, planned.Where(f => state.ContainsKey(f.Path)).Select(f => f.Folder), stamp!.Value, cancellationToken);
        var folderChecked = time.GetElapsedTime(started);

        var hashes = new string?[planned.Length];
        var outcomes = new Outcome[planned.Length];
        // Fingerprints, rendering, hashing and existence checks of 200k files are independent: spread them over the cores.
        Parallel.For(0, planned.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var file = planned[i];
            if (!state.TryGetValue(file.Path, out var known))
            {
                hashes[i] = Hash(file.Content);
                outcomes[i] = Outcome.Write;
                return;
            }

            var full = checkAll || modified!.Contains(file.Folder) ? Path.Combine(root, file.Path) : null;
            if (full is not null && !File.Exists(full))
            {
                hashes[i] = Hash(file.Content);
                outcomes[i] = Outcome.Write;
                return;
            }

            if (verify)
            {
                hashes[i] = Hash(file.Content);
                outcomes[i] = SameBytes(full!, file.Content) ? Outcome.Verified : Outcome.Write;
                return;
            }

            if (file.Source == known.Source)
            {
                return; // same inputs, same renderer: same bytes, no need to render them
            }

            hashes[i] = Hash(file.Content);
            outcomes[i] = Outcome.Compare;
        });

        // Content hashes are loaded only for the files just rendered (none in a no-change rebuild).
        var needHash = Enumerable.Range(0, planned.Length).Where(i => outcomes[i] is Outcome.Compare or Outcome.Verified)
            .Select(i => state[planned[i].Path].Id).ToList();
        var storedHashes = new Dictionary<long, string>();
        foreach (var ids in needHash.Chunk(Chunk))
        {
            foreach (var row in await db.Set<LibraryFile>().AsNoTracking().Where(f => ids.Contains(f.Id)).Select(f => new { f.Id, f.Hash }).ToListAsync(cancellationToken))
            {
                storedHashes[row.Id] = row.Hash;
            }
        }

        for (var i = 0; i < planned.Length; i++)
        {
            if (outcomes[i] is Outcome.Compare or Outcome.Verified)
            {
                var known = state[planned[i].Path];
                var sameHash = storedHashes.GetValueOrDefault(known.Id) == hashes[i];
                outcomes[i] = outcomes[i] == Outcome.Compare ? (sameHash ? Outcome.Refresh : Outcome.Write)
                    : sameHash && planned[i].Source == known.Source ? Outcome.Unchanged
                    : Outcome.Refresh;
            }
        }

        var compared = time.GetElapsedTime(started);

        var toWrite = new List<(PlannedFile File, string Hash, long? Id)>();
        var refresh = new List<(long Id, string Hash, long Source)>();
        var reset = new List<long>();
        var unchanged = 0;
        for (var i = 0; i < planned.Length; i++)
        {
            var file = planned[i];
            state.TryGetValue(file.Path, out var known);
            if (outcomes[i] == Outcome.Write)
            {
                toWrite.Add((file, hashes[i]!, known?.Id));
                continue;
            }

            unchanged++;
            if (outcomes[i] == Outcome.Refresh)
            {
                refresh.Add((known!.Id, hashes[i]!, file.Source));
            }

            if (known!.MissingRuns > 0)
            {
                reset.Add(known.Id);
            }
        }

        // Files whose item vanished: kept for GraceRuns builds (a provider hiccup must not empty the library).
        var missing = state.Values.Where(f => !plan.Files.ContainsKey(f.Path)).ToList();
        var remove = missing.Where(f => f.MissingRuns + 1 >= options.GraceRuns).ToList();
        var pending = missing.Where(f => f.MissingRuns + 1 < options.GraceRuns).Select(f => f.Id).ToList();

        var added = toWrite.Where(w => w.Id is null).Select(w => w.File.Path).Order(StringComparer.Ordinal).ToList();
        var changed = toWrite.Where(w => w.Id is not null).Select(w => w.File.Path).Order(StringComparer.Ordinal).ToList();
        var removed = remove.Select(f => f.Path).Order(StringComparer.Ordinal).ToList();

        DateTime? treeStamp = null;
        if (!dryRun)
        {
            await Report(progress, $"writing {toWrite.Count} file(s), removing {remove.Count}");
            Directory.CreateDirectory(root);
            var marker = Path.Combine(root, InProgressMarker);
            if (interrupted)
            {
                // Only after an interrupted build: walking a 250k-entry tree costs more than the whole no-change build.
                DeleteLeftoverTempFiles(root);
            }

            await File.WriteAllTextAsync(marker, startedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            var failed = WriteFiles(root, toWrite.Select(w => w.File).ToList(), problems, cancellationToken);
            // A file whose name now differs only in case is the same file on Windows/SMB: it must not be deleted.
            var desiredFolded = remove.Count == 0 ? [] : new HashSet<string>(plan.Files.Keys, StringComparer.OrdinalIgnoreCase);
            var removedFolders = DeleteFiles(root, remove.Where(f => !desiredFolded.Contains(f.Path)).Select(f => f.Path), problems);
            DeleteEmptyFolders(root, removedFolders);

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Changed rows are replaced (delete + bulk insert): one statement per chunk instead of one per file.
            foreach (var ids in toWrite.Where(w => w.Id is not null).Select(w => w.Id!.Value).Chunk(Chunk))
            {
                await db.Set<LibraryFile>().Where(f => ids.Contains(f.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            var rows = toWrite.Where(w => !failed.Contains(w.File.Path))
                .Select(w => new LibraryFile { Path = w.File.Path, Kind = w.File.Kind, Hash = w.Hash, Source = w.File.Source, WrittenAt = now });
            await bulk.InsertAsync(rows, withKeys: false, cancellationToken);
            foreach (var rows2 in refresh.Chunk(Chunk))
            {
                foreach (var (id, hash, source) in rows2)
                {
                    var row = new LibraryFile { Id = id, Hash = hash, Source = source };
                    db.Attach(row);
                    db.Entry(row).Property(f => f.Hash).IsModified = true;
                    db.Entry(row).Property(f => f.Source).IsModified = true;
                }

                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

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
            // After the last change this build made to the tree (deleting the marker touches the root last): folders
            // modified later than this were modified by someone else. Whole milliseconds, rounded down, so every
            // database keeps it exactly and a folder modified in the same instant still counts as modified.
            var rootTime = Directory.GetLastWriteTimeUtc(root);
            treeStamp = new DateTime(rootTime.Ticks - (rootTime.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
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
                TreeStamp = treeStamp,
            });
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation(
                "Library build: {Summary} in {Seconds:F2}s (planned {Planned:F2}s [{PlanSteps}], state rows loaded in {State:F2}s, folders checked {Folders:F2}s, compared {Compared:F2}s; {Modified} modified folder(s), {Mode})",
                report.Summary, report.DurationSeconds, plannedAt.TotalSeconds, plan.Timings, stateLoaded.TotalSeconds, folderChecked.TotalSeconds,
                compared.TotalSeconds, modified?.Count ?? 0,
                verify ? "verify" : checkAll ? "every file checked" : "folders checked");
        }

        return report;
    }

    private static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static bool SameBytes(string full, byte[] content)
    {
        try
        {
            using var handle = File.OpenHandle(full);
            if (RandomAccess.GetLength(handle) != content.Length)
            {
                return false;
            }

            var disk = new byte[content.Length];
            return RandomAccess.Read(handle, disk, 0) == content.Length && disk.AsSpan().SequenceEqual(content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The folders (relative) that are gone or were modified at or after <paramref name="stamp"/>: only their files may be missing.</summary>
    private static HashSet<string> ModifiedFolders(string root, IEnumerable<string> folders, DateTime stamp, CancellationToken cancellationToken)
    {
        var distinct = folders.Distinct(StringComparer.Ordinal).ToArray();
        var isModified = new bool[distinct.Length];
        Parallel.For(0, distinct.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var info = new DirectoryInfo(Path.Combine(root, distinct[i]));
            isModified[i] = !info.Exists || info.LastWriteTimeUtc.Ticks >= stamp.Ticks;
        });
        return distinct.Where((_, i) => isModified[i]).ToHashSet(StringComparer.Ordinal);
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
