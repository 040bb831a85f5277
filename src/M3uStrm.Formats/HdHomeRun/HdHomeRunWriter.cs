using System.Text;
using System.Text.Json;
using System.Xml;

namespace M3uStrm.Formats.HdHomeRun;

/// <summary>Writes the answers of an emulated HDHomeRun tuner (what Plex, Jellyfin and Emby query).</summary>
public static class HdHomeRunWriter
{
    // Devices write '&' and non-ASCII literally; these answers are never embedded in HTML.
    private static readonly HdHomeRunJsonContext Context = new(new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    });

    public static Task WriteDiscoverAsync(Stream stream, HdHomeRunDiscover discover, CancellationToken cancellationToken = default) =>
        JsonSerializer.SerializeAsync(stream, discover, Context.HdHomeRunDiscover, cancellationToken);

    public static Task WriteLineupAsync(Stream stream, IReadOnlyList<HdHomeRunLineupItem> lineup, CancellationToken cancellationToken = default) =>
        JsonSerializer.SerializeAsync(stream, lineup, Context.IReadOnlyListHdHomeRunLineupItem, cancellationToken);

    public static Task WriteLineupStatusAsync(Stream stream, HdHomeRunLineupStatus status, CancellationToken cancellationToken = default) =>
        JsonSerializer.SerializeAsync(stream, status, Context.HdHomeRunLineupStatus, cancellationToken);

    public static async Task WriteDeviceXmlAsync(Stream stream, HdHomeRunDevice device, CancellationToken cancellationToken = default)
    {
        const string ns = "urn:schemas-upnp-org:device-1-0";
        var settings = new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true, CloseOutput = false };
        await using var xml = XmlWriter.Create(stream, settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "root", ns);
        await xml.WriteStartElementAsync(null, "URLBase", ns);
        await xml.WriteStringAsync(device.BaseUrl);
        await xml.WriteEndElementAsync();
        await xml.WriteStartElementAsync(null, "specVersion", ns);
        await xml.WriteElementStringAsync(null, "major", ns, "1");
        await xml.WriteElementStringAsync(null, "minor", ns, "0");
        await xml.WriteEndElementAsync();
        await xml.WriteStartElementAsync(null, "device", ns);
        await xml.WriteElementStringAsync(null, "deviceType", ns, "urn:schemas-upnp-org:device:MediaServer:1");
        await xml.WriteElementStringAsync(null, "friendlyName", ns, device.FriendlyName);
        await xml.WriteElementStringAsync(null, "manufacturer", ns, device.Manufacturer);
        await xml.WriteElementStringAsync(null, "modelName", ns, device.ModelName);
        await xml.WriteElementStringAsync(null, "modelNumber", ns, device.ModelNumber);
        await xml.WriteElementStringAsync(null, "serialNumber", ns, device.SerialNumber);
        await xml.WriteElementStringAsync(null, "UDN", ns, "uuid:" + device.Udn);
        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    public static HdHomeRunDiscover? ReadDiscover(string json) => JsonSerializer.Deserialize(json, Context.HdHomeRunDiscover);

    /// <summary>Reads a lineup; legacy devices answer <c>{}</c> instead of an array, which reads as empty.</summary>
    public static IReadOnlyList<HdHomeRunLineupItem> ReadLineup(string json) =>
        json.TrimStart().StartsWith('[') ? JsonSerializer.Deserialize(json, Context.ListHdHomeRunLineupItem) ?? [] : [];

    public static HdHomeRunLineupStatus? ReadLineupStatus(string json) => JsonSerializer.Deserialize(json, Context.HdHomeRunLineupStatus);
}
