using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace M3uStrm.Server.Features.Playback;

/// <summary>
/// The few facts of an HLS playlist (RFC 8216) the proxy needs: variants of a master playlist, segments of a media
/// playlist with their sequence numbers, and a rewrite of every URI (lines and <c>URI="…"</c> attributes) so that
/// players fetch segments through this server.
/// </summary>
public sealed partial class HlsPlaylist
{
    private readonly string[] lines;

    private HlsPlaylist(string[] lines, Uri baseUri)
    {
        this.lines = lines;
        BaseUri = baseUri;
        var sequence = 0L;
        var pendingBandwidth = -1L;
        var pendingSegment = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))
            {
                _ = long.TryParse(line.AsSpan(22), NumberStyles.Integer, CultureInfo.InvariantCulture, out sequence);
            }
            else if (line.StartsWith("#EXT-X-TARGETDURATION:", StringComparison.Ordinal))
            {
                _ = double.TryParse(line.AsSpan(22), NumberStyles.Float, CultureInfo.InvariantCulture, out var target);
                TargetDuration = target > 0 ? target : TargetDuration;
            }
            else if (line.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal))
            {
                var match = BandwidthPattern().Match(line);
                pendingBandwidth = match.Success ? long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : 0;
            }
            else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                pendingSegment = true;
            }
            else if (line == "#EXT-X-ENDLIST")
            {
                EndList = true;
            }
            else if (line.StartsWith("#EXT-X-KEY:", StringComparison.Ordinal) && !line.Contains("METHOD=NONE", StringComparison.Ordinal))
            {
                Encrypted = true;
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                if (pendingBandwidth >= 0)
                {
                    Variants.Add((Resolve(line), pendingBandwidth));
                    pendingBandwidth = -1;
                }
                else if (pendingSegment)
                {
                    Segments.Add((sequence++, Resolve(line)));
                    pendingSegment = false;
                }
            }
        }
    }

    public Uri BaseUri { get; }

    public List<(Uri Uri, long Bandwidth)> Variants { get; } = [];

    public List<(long Sequence, Uri Uri)> Segments { get; } = [];

    public double TargetDuration { get; private set; } = 6;

    public bool EndList { get; private set; }

    /// <summary>Segments are encrypted (a key other than METHOD=NONE): they can be proxied but not joined into one TS stream.</summary>
    public bool Encrypted { get; private set; }

    public bool IsMaster => Variants.Count > 0;

    public static HlsPlaylist Parse(string text, Uri baseUri) => new(text.Split('\n'), baseUri);

    /// <summary>The playlist with every URI replaced by <paramref name="map"/>(absolute URI, is it a playlist).</summary>
    public string Rewrite(Func<Uri, bool, string> map)
    {
        var output = new StringBuilder();
        var nextIsPlaylist = false;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed[0] == '#')
            {
                nextIsPlaylist |= trimmed.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal);
                // EXT-X-MEDIA (alternative renditions) and EXT-X-I-FRAME-STREAM-INF point at playlists; KEY and MAP at files.
                var isPlaylistAttribute = trimmed.StartsWith("#EXT-X-MEDIA:", StringComparison.Ordinal) || trimmed.StartsWith("#EXT-X-I-FRAME-STREAM-INF:", StringComparison.Ordinal);
                output.Append(UriAttributePattern().Replace(trimmed, m => $"URI=\"{map(Resolve(m.Groups[1].Value), isPlaylistAttribute)}\"")).Append('\n');
                continue;
            }

            output.Append(map(Resolve(trimmed), nextIsPlaylist)).Append('\n');
            nextIsPlaylist = false;
        }

        return output.ToString();
    }

    private Uri Resolve(string uri) => new(BaseUri, uri.Trim());

    [GeneratedRegex(@"[:,]BANDWIDTH=(\d+)")]
    private static partial Regex BandwidthPattern();

    [GeneratedRegex("URI=\"([^\"]*)\"")]
    private static partial Regex UriAttributePattern();
}
