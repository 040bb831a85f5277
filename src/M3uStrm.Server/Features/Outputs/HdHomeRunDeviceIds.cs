using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using M3uStrm.Server.Hosting;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Outputs;

/// <summary>
/// HDHomeRun device ids: 32 bits written as 8 hex digits, the last of which is a check digit (libhdhomerun's
/// <c>hdhomerun_discover_validate_device_id</c>: every other nibble goes through a lookup table, all are XORed, and
/// a valid id XORs to zero). Media servers remember tuners by this id, so it must never change.
/// </summary>
internal static class HdHomeRunDeviceIds
{
    private static readonly byte[] Lookup = [0xA, 0x5, 0xF, 0x6, 0x7, 0xC, 0x1, 0xB, 0x9, 0x2, 0x8, 0xD, 0x4, 0x3, 0xE, 0x0];

    public static bool TryParse(string text, out uint id) =>
        uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id) && text.Length == 8;

    public static string Format(uint id) => id.ToString("X8", CultureInfo.InvariantCulture);

    public static bool IsValid(uint id) => Checksum(id) == 0;

    /// <summary>The id with its last nibble set so that the check passes.</summary>
    public static uint WithCheckDigit(uint id)
    {
        var rest = Checksum(id & 0xFFFF_FFF0);
        return (id & 0xFFFF_FFF0) | rest;
    }

    /// <summary>A valid id derived from any text (stable: the same text always gives the same id).</summary>
    public static uint Derive(string text)
    {
        var id = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return WithCheckDigit(id == 0 ? 1 : id);
    }

    private static uint Checksum(uint id)
    {
        uint sum = 0;
        sum ^= Lookup[(id >> 28) & 0xF];
        sum ^= (id >> 24) & 0xF;
        sum ^= Lookup[(id >> 20) & 0xF];
        sum ^= (id >> 16) & 0xF;
        sum ^= Lookup[(id >> 12) & 0xF];
        sum ^= (id >> 8) & 0xF;
        sum ^= Lookup[(id >> 4) & 0xF];
        sum ^= id & 0xF;
        return sum;
    }
}

/// <summary>
/// The tuner's identity: the configured <c>HdHomeRun:DeviceId</c>, or one generated on first start and kept in
/// <c>&lt;DataDirectory&gt;/hdhomerun-device-id</c> (with the Data Protection keys, so it survives restarts and
/// moves with the data). The dedicated tuner account uses it as is; each user's tuner gets its own id derived from
/// it, so two users' tuners added to one media server stay two devices.
/// </summary>
internal sealed class HdHomeRunIdentity(IOptionsMonitor<HdHomeRunOptions> options, IOptions<ServerOptions> server)
{
    private const string FileName = "hdhomerun-device-id";
    private readonly Lazy<uint> baseId = new(() => Load(options.CurrentValue, server.Value));

    public uint DeviceId => baseId.Value;

    public uint ForUser(Guid userId) => HdHomeRunDeviceIds.Derive($"{HdHomeRunDeviceIds.Format(DeviceId)}/{userId:N}");

    private static uint Load(HdHomeRunOptions options, ServerOptions server)
    {
        if (!string.IsNullOrEmpty(options.DeviceId) && HdHomeRunDeviceIds.TryParse(options.DeviceId, out var configured))
        {
            return configured;
        }

        var path = Path.Combine(server.FullDataDirectory, FileName);
        if (File.Exists(path) && HdHomeRunDeviceIds.TryParse(File.ReadAllText(path).Trim(), out var stored) && HdHomeRunDeviceIds.IsValid(stored))
        {
            return stored;
        }

        var id = HdHomeRunDeviceIds.WithCheckDigit(BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4)) | 0x1000_0000);
        Directory.CreateDirectory(server.FullDataDirectory);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, HdHomeRunDeviceIds.Format(id));
        try
        {
            // Two processes starting at once on one data directory: the first id written wins, both use it.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException)
        {
            File.Delete(temporary);
            if (HdHomeRunDeviceIds.TryParse(File.ReadAllText(path).Trim(), out var other))
            {
                return other;
            }
        }

        return id;
    }
}
