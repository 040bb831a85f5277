using System.ComponentModel.DataAnnotations;

namespace M3uStrm.Server.Features.Playback;

/// <summary>How players get their bytes (section <c>Playback</c>).</summary>
public sealed class PlaybackOptions
{
    public const string Section = "Playback";

    /// <summary><c>proxy</c> (default: bytes go through this server) or <c>redirect</c> (302 to the chosen stream).</summary>
    [RegularExpression("^(proxy|redirect)$", ErrorMessage = "Playback:Mode must be proxy or redirect.")]
    public string Mode { get; set; } = "proxy";

    /// <summary>Seconds to connect and get the answer's headers from a provider.</summary>
    [Range(1, 120)]
    public double ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds without a byte from the provider before the stream counts as failed and the next one is tried.</summary>
    [Range(1, 120)]
    public double StallTimeoutSeconds { get; set; } = 10;

    /// <summary>Bytes buffered for one viewer of a shared live stream; a viewer further behind is disconnected.</summary>
    [Range(188 * 100, 512L * 1024 * 1024)]
    public long ClientBufferBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Seconds an open session may go without a sign of life before the sweeper closes it (design.md §6: 2 minutes).</summary>
    [Range(10, 3600)]
    public int SessionIdleSeconds { get; set; } = 120;

    /// <summary>Seconds between writes of a playing session's last_seen_at and bytes.</summary>
    [Range(1, 60)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>Seconds an upstream connection stays open after its last viewer left (quick channel flips reuse it).</summary>
    [Range(0, 60)]
    public double LingerSeconds { get; set; } = 2;

    /// <summary>Seconds between samples of the provider connections in use (the capacity report's resolution).</summary>
    [Range(1, 3600)]
    public int UsageSampleSeconds { get; set; } = 60;

    public bool Redirect => string.Equals(Mode, "redirect", StringComparison.OrdinalIgnoreCase);
}
