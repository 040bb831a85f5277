using Microsoft.AspNetCore.Identity;

namespace M3uStrm.Server.Features.Users;

public sealed class AppUser : IdentityUser<Guid>
{
    /// <summary>Random, revocable secret used by player-facing URLs (playlists, EPG, HDHomeRun, STRM targets).</summary>
    public string PlaybackToken { get; set; } = "";

    /// <summary>Password for the Xtream-compatible output; never the login password.</summary>
    public string XtreamPassword { get; set; } = "";

    public bool Enabled { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime? LastLoginAt { get; set; }
}

public sealed class AppRole : IdentityRole<Guid>
{
    public AppRole()
    {
    }

    public AppRole(string name) : base(name)
    {
    }
}

public static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";

    public static readonly IReadOnlyList<string> All = [Admin, User];
}
