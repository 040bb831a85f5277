using System.Security.Cryptography;
using System.Text;

namespace M3uStrm.Server.Features.Providers;

/// <summary>What a provider said about one item in this fetch, before it is compared with the database.</summary>
internal sealed record IncomingLive(
    string ExternalId, string Name, string? Group, string? TvgId, string? TvgName, string? Logo, int? Number,
    string? Url, string? Extension, string Attributes)
{
    public string Hash { get; } = ContentHash.Of(Name, Group, TvgId, TvgName, Logo, Number?.ToString(), Url, Extension, Attributes);
}

internal sealed record IncomingVod(
    string ExternalId, string Title, int? Year, string? Genre, string? Plot, string? Poster, double? Rating,
    int? DurationSeconds, string? ContainerExtension, string? Url, string? TmdbId)
{
    public string Hash { get; } = ContentHash.Of(Title, Year?.ToString(), Genre, Plot, Poster, Rating?.ToString("R"), DurationSeconds?.ToString(), ContainerExtension, Url, TmdbId);
}

internal sealed record IncomingSeries(
    string ExternalId, string Title, int? Year, string? Genre, string? Plot, string? Poster, double? Rating, long? SourceModified)
{
    public string Hash { get; } = ContentHash.Of(Title, Year?.ToString(), Genre, Plot, Poster, Rating?.ToString("R"), SourceModified?.ToString());
}

internal sealed record IncomingEpisode(string ExternalId, int Season, int Number, string? Title, string? Plot, int? DurationSeconds, string? ContainerExtension, string? Poster);

/// <summary>A row a sync keeps in step with its provider: found by id, marked when the provider drops it.</summary>
public interface ISyncedRow
{
    long Id { get; }

    DateTime? RemovedAt { get; set; }
}

/// <summary>A problem met during a sync, as stored in <c>error_details</c>.</summary>
public sealed record SyncError(string Phase, string Message, string? Item = null);

/// <summary>Everything one fetch produced.</summary>
internal sealed class ProviderSnapshot
{
    public List<IncomingLive> Live { get; } = [];

    public List<IncomingVod> Vod { get; } = [];

    public List<IncomingSeries> Series { get; } = [];

    public List<SyncError> Errors { get; } = [];

    /// <summary>Guides the provider announces (M3U header <c>x-tvg-url</c>/<c>url-tvg</c>, Xtream <c>xmltv.php</c>).</summary>
    public List<string> GuideUrls { get; } = [];

    /// <summary>Which content kinds this fetch covered; kinds not fetched are left as they are.</summary>
    public bool HasLive { get; set; }

    public bool HasVod { get; set; }

    public bool HasSeries { get; set; }
}

internal static class ContentHash
{
    public static string Of(params string?[] parts)
    {
        var text = string.Join('\u001f', parts.Select(p => p ?? "\u0000"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
