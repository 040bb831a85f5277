using System.Text;
using M3uStrm.Server.Features.Channels;

namespace M3uStrm.Server.Features.Epg;

/// <summary>
/// The channel id players see in every output: <c>tvg-id</c> in the M3U and <c>channel</c> in the XMLTV must be
/// the same string, or players show no guide. It must also be unique per channel (a provider often gives
/// "Syfy" and "Syfy +1" the same tvg-id, and two channels with one id get one guide) and have the shape
/// xmltv's validator demands (<c>word.word</c>, letters, digits and dashes). So: <c>ch{id}.</c> followed by the
/// channel's EPG id made safe, or <c>ch{id}.m3ustrm</c> when it has none — stable as long as the channel exists.
/// </summary>
public static class EpgIds
{
    public const string Suffix = "m3ustrm";

    public static string Of(Channel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return Of(channel.Id, channel.EpgChannelId);
    }

    public static string Of(long channelId, string? epgChannelId)
    {
        var safe = Safe(epgChannelId);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ch{channelId}.{(safe.Length == 0 ? Suffix : safe)}");
    }

    /// <summary>Every character outside <c>[-a-zA-Z0-9.]</c> becomes <c>-</c>; empty dot-separated parts are dropped.</summary>
    private static string Safe(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "";
        }

        var text = new StringBuilder(id.Length);
        foreach (var ch in id.Trim())
        {
            text.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.' ? ch : '-');
        }

        return string.Join('.', text.ToString().Split('.', StringSplitOptions.RemoveEmptyEntries));
    }
}
