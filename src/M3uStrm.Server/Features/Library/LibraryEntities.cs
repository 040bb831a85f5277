using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Library;

/// <summary>What a library file is, for the status counts.</summary>
public static class LibraryFileKinds
{
    public const string Movie = "movie";
    public const string MovieNfo = "movie_nfo";
    public const string Show = "tvshow_nfo";
    public const string Episode = "episode";
    public const string EpisodeNfo = "episode_nfo";
}

/// <summary>
/// One file the library wrote, with the hash of its content: a build compares what it would write with these rows
/// and touches only files whose content changed, so media servers do not rescan an unchanged tree.
/// </summary>
public sealed class LibraryFile
{
    public long Id { get; set; }

    /// <summary>Path relative to the library root, with <c>/</c> separators.</summary>
    public string Path { get; set; } = "";

    public string Kind { get; set; } = LibraryFileKinds.Movie;

    /// <summary>SHA-256 of the content, hex.</summary>
    public string Hash { get; set; } = "";

    /// <summary>
    /// Fingerprint of what the content is made from (the item's fields and the renderer's version, see
    /// <see cref="LibraryFingerprint"/>); when it matches, a build does not render the file at all. 0 = unknown.
    /// </summary>
    public long Source { get; set; }

    /// <summary>Consecutive builds in which the file's item was missing; the file goes at <c>Library:GraceRuns</c>.</summary>
    public int MissingRuns { get; set; }

    public DateTime WrittenAt { get; set; }
}

/// <summary>The outcome of one library build (the status API shows the latest).</summary>
public sealed class LibraryRun
{
    public long Id { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime FinishedAt { get; set; }

    public bool Succeeded { get; set; }

    public int Added { get; set; }

    public int Changed { get; set; }

    public int Removed { get; set; }

    public int Unchanged { get; set; }

    /// <summary>Files whose item vanished but whose grace period is not over.</summary>
    public int PendingRemoval { get; set; }

    /// <summary>JSON array of problem texts (items skipped, names changed to avoid a clash, ...), at most 100.</summary>
    public string Problems { get; set; } = "[]";

    public string? Message { get; set; }

    /// <summary>
    /// The library root's modification time right after this build finished (filesystem clock): a folder modified
    /// since then (a file deleted by hand) is checked file by file on the next build; null for failed runs.
    /// </summary>
    public DateTime? TreeStamp { get; set; }
}

internal sealed class LibraryConfiguration : IEntityTypeConfiguration<LibraryFile>, IEntityTypeConfiguration<LibraryRun>
{
    public void Configure(EntityTypeBuilder<LibraryFile> builder)
    {
        builder.ToTable("library_files");
        builder.Property(f => f.Path).HasMaxLength(1000);
        builder.HasIndex(f => f.Path).IsUnique();
        builder.Property(f => f.Kind).HasMaxLength(16);
        builder.Property(f => f.Hash).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<LibraryRun> builder)
    {
        builder.ToTable("library_runs");
        builder.HasIndex(r => r.StartedAt);
        builder.Property(r => r.Message).HasMaxLength(4000);
    }
}
