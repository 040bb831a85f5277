using System.ComponentModel.DataAnnotations;

namespace M3uStrm.Server.Features.Library;

/// <summary>Settings under <c>Library:</c>; validated at start-up.</summary>
public sealed class LibraryOptions
{
    public const string Section = "Library";

    /// <summary>Root folder of the STRM/NFO tree; default <c>&lt;DataDirectory&gt;/library</c>.</summary>
    public string? Root { get; set; }

    /// <summary>Absolute base URL written into STRM files (what the media server reaches us at); falls back to <c>PublicUrl</c>.</summary>
    [Url]
    public string? BaseUrl { get; set; }

    /// <summary>Put movies and series under a genre folder (<c>Movies/&lt;Genre&gt;/...</c>); false gives <c>Movies/&lt;Title&gt;/...</c>.</summary>
    public bool GenreFolders { get; set; } = true;

    /// <summary>Provider category → genre folder (case-insensitive). Unmapped categories keep their name; none gives <see cref="FallbackGenre"/>.</summary>
    public Dictionary<string, string> Genres { get; set; } = [];

    [Required, MinLength(1), MaxLength(64)]
    public string FallbackGenre { get; set; } = "Uncategorized";

    /// <summary>Builds an item must be missing before its files are removed (a provider hiccup must not empty the library).</summary>
    [Range(1, 100)]
    public int GraceRuns { get; set; } = 2;

    /// <summary>Queue a build after every successful provider sync.</summary>
    public bool BuildAfterSync { get; set; } = true;

    /// <summary>The account whose playback token the STRM files carry; created on demand with role <c>user</c> and no password.</summary>
    [Required, MinLength(1), MaxLength(64)]
    public string Account { get; set; } = "library";
}
