using System.ComponentModel.DataAnnotations;

namespace M3uStrm.Server.Hosting;

/// <summary>Top-level settings every deployment needs (design.md §5). Bound from the configuration root.</summary>
public sealed class ServerOptions
{
    /// <summary>Where the SQLite file, Data Protection keys and the STRM library live.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    /// <summary>
    /// The address players reach this server at (e.g. <c>https://tv.example.org</c> behind a reverse proxy). When unset,
    /// URLs in playlists, the Xtream API and HDHomeRun answers use the scheme and host of the request.
    /// </summary>
    [Url]
    public string? PublicUrl { get; set; }
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (embedded default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Milliseconds SQLite waits on a locked database before failing.</summary>
    [Range(100, 600_000)]
    public int SqliteBusyTimeoutMs { get; set; } = 10_000;

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase);
}

public sealed class AdminOptions
{
    public const string Section = "Admin";

    [Required, MinLength(1), MaxLength(64)]
    public string Username { get; set; } = "admin";

    /// <summary>Initial admin password. When unset on first start a random one is generated and printed once.</summary>
    public string? Password { get; set; }
}
