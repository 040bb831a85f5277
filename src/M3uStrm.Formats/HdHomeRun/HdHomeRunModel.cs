using System.Text.Json.Serialization;

namespace M3uStrm.Formats.HdHomeRun;

// Field names and types as real devices send them (PascalCase JSON, 0/1 flags as numbers).
// Optional fields are omitted when null, as devices do.

/// <summary><c>/discover.json</c>.</summary>
public sealed record HdHomeRunDiscover
{
    public required string FriendlyName { get; init; }
    public required string ModelNumber { get; init; }
    public int? Legacy { get; init; }
    public required string FirmwareName { get; init; }
    public required string FirmwareVersion { get; init; }

    [JsonPropertyName("DeviceID")]
    public required string DeviceId { get; init; }

    public string? DeviceAuth { get; init; }

    [JsonPropertyName("BaseURL")]
    public required string BaseUrl { get; init; }

    [JsonPropertyName("LineupURL")]
    public string? LineupUrl { get; init; }

    public required int TunerCount { get; init; }
    public int? ConditionalAccess { get; init; }

    [JsonPropertyName("StorageID")]
    public string? StorageId { get; init; }

    [JsonPropertyName("StorageURL")]
    public string? StorageUrl { get; init; }

    public long? TotalSpace { get; init; }
    public long? FreeSpace { get; init; }
}

/// <summary>An item of <c>/lineup.json</c>.</summary>
public sealed record HdHomeRunLineupItem
{
    public required string GuideNumber { get; init; }
    public required string GuideName { get; init; }
    public string? VideoCodec { get; init; }
    public string? AudioCodec { get; init; }

    [JsonPropertyName("HD")]
    public int? Hd { get; init; }

    [JsonPropertyName("DRM")]
    public int? Drm { get; init; }

    public int? Favorite { get; init; }
    public int? SignalStrength { get; init; }
    public int? SignalQuality { get; init; }

    [JsonPropertyName("URL")]
    public required string Url { get; init; }
}

/// <summary><c>/lineup_status.json</c>; an emulator reports a finished scan.</summary>
public sealed record HdHomeRunLineupStatus
{
    public int ScanInProgress { get; init; }
    public int? Progress { get; init; }
    public int? Found { get; init; }
    public int? ScanPossible { get; init; }
    public string? Source { get; init; }
    public IReadOnlyList<string>? SourceList { get; init; }
}

/// <summary>What <c>/device.xml</c> (UPnP description) says about the emulated tuner.</summary>
public sealed record HdHomeRunDevice
{
    public required string FriendlyName { get; init; }
    public string Manufacturer { get; init; } = "Silicondust";
    public required string ModelName { get; init; }
    public required string ModelNumber { get; init; }
    public string SerialNumber { get; init; } = "";

    /// <summary>Unique device name without the <c>uuid:</c> prefix.</summary>
    public required string Udn { get; init; }

    public required string BaseUrl { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(HdHomeRunDiscover))]
[JsonSerializable(typeof(HdHomeRunLineupStatus))]
[JsonSerializable(typeof(List<HdHomeRunLineupItem>))]
[JsonSerializable(typeof(IReadOnlyList<HdHomeRunLineupItem>))]
internal sealed partial class HdHomeRunJsonContext : JsonSerializerContext;
