using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Outputs;

/// <summary>The emulated HDHomeRun tuner (section <c>HdHomeRun</c>).</summary>
public sealed class HdHomeRunOptions
{
    public const string Section = "HdHomeRun";

    /// <summary>
    /// 8 hex digits with a valid HDHomeRun check digit (Plex checks it). When unset, one is generated on first
    /// start and kept in the data directory. Per-user tuners get ids derived from it.
    /// </summary>
    public string? DeviceId { get; set; }

    /// <summary>How many streams Plex/Jellyfin/Emby may record or watch at once through the tuner.</summary>
    [Range(1, 32, ErrorMessage = "HdHomeRun:TunerCount must be between 1 and 32.")]
    public int TunerCount { get; set; } = 2;

    [Required(ErrorMessage = "HdHomeRun:FriendlyName is required.")]
    [MaxLength(100, ErrorMessage = "HdHomeRun:FriendlyName must be at most 100 characters.")]
    public string FriendlyName { get; set; } = "M3U-STRM Processor";

    /// <summary>
    /// A dedicated tuner account: when set, the tuner also answers at the root (<c>/discover.json</c>, ...) with this
    /// user's channels, for media servers that only take a host and port.
    /// </summary>
    [MaxLength(256, ErrorMessage = "HdHomeRun:Username must be at most 256 characters.")]
    public string? Username { get; set; }
}

internal sealed class HdHomeRunOptionsValidation : IValidateOptions<HdHomeRunOptions>
{
    public ValidateOptionsResult Validate(string? name, HdHomeRunOptions options)
    {
        if (string.IsNullOrEmpty(options.DeviceId))
        {
            return ValidateOptionsResult.Success;
        }

        if (!HdHomeRunDeviceIds.TryParse(options.DeviceId, out var id))
        {
            return ValidateOptionsResult.Fail($"HdHomeRun:DeviceId must be 8 hexadecimal digits (got '{options.DeviceId}').");
        }

        return HdHomeRunDeviceIds.IsValid(id)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"HdHomeRun:DeviceId '{options.DeviceId}' has a wrong HDHomeRun check digit (its last digit); '{HdHomeRunDeviceIds.Format(HdHomeRunDeviceIds.WithCheckDigit(id))}' is valid."));
    }
}
