using System.Text.Json.Serialization;

namespace M3uStrm.Formats.Xtream;

/// <summary>An item of <c>get_live_streams</c>.</summary>
public sealed record XtreamLiveStream
{
    public long? Num { get; init; }
    public string? Name { get; init; }
    public string? StreamType { get; init; }
    public long? StreamId { get; init; }
    public string? StreamIcon { get; init; }
    public string? EpgChannelId { get; init; }
    public long? Added { get; init; }
    public string? CategoryId { get; init; }
    public IReadOnlyList<long> CategoryIds { get; init; } = [];
    public string? CustomSid { get; init; }
    public bool? TvArchive { get; init; }
    public string? DirectSource { get; init; }
    public int? TvArchiveDuration { get; init; }
    public string? Thumbnail { get; init; }
}

/// <summary>An item of <c>get_vod_streams</c>.</summary>
public sealed record XtreamVodStream
{
    public long? Num { get; init; }
    public string? Name { get; init; }
    public string? Title { get; init; }
    public string? Year { get; init; }
    public string? StreamType { get; init; }
    public long? StreamId { get; init; }
    public string? StreamIcon { get; init; }
    public double? Rating { get; init; }

    [JsonPropertyName("rating_5based")]
    public double? Rating5Based { get; init; }

    public long? Added { get; init; }
    public string? CategoryId { get; init; }
    public IReadOnlyList<long> CategoryIds { get; init; } = [];
    public string? ContainerExtension { get; init; }
    public string? CustomSid { get; init; }
    public string? DirectSource { get; init; }
    public string? Plot { get; init; }
    public string? Cast { get; init; }
    public string? Director { get; init; }
    public string? Genre { get; init; }
    public string? ReleaseDate { get; init; }
    public string? YoutubeTrailer { get; init; }
    public string? Trailer { get; init; }
}

/// <summary>An item of <c>get_series</c>, and the <c>info</c> of <c>get_series_info</c>.</summary>
public sealed record XtreamSeries
{
    public long? Num { get; init; }
    public string? Name { get; init; }
    public string? Title { get; init; }
    public string? Year { get; init; }
    public string? StreamType { get; init; }
    public long? SeriesId { get; init; }
    public string? Cover { get; init; }
    public string? Plot { get; init; }
    public string? Cast { get; init; }
    public string? Director { get; init; }
    public string? Genre { get; init; }

    /// <summary>Servers spell it <c>releaseDate</c> or <c>release_date</c>; see <see cref="Released"/>.</summary>
    [JsonPropertyName("releaseDate")]
    public string? ReleaseDateCamel { get; init; }

    public string? ReleaseDate { get; init; }
    public long? LastModified { get; init; }
    public double? Rating { get; init; }

    [JsonPropertyName("rating_5based")]
    public double? Rating5Based { get; init; }

    public IReadOnlyList<string> BackdropPath { get; init; } = [];
    public string? YoutubeTrailer { get; init; }
    public int? EpisodeRunTime { get; init; }
    public string? CategoryId { get; init; }
    public IReadOnlyList<long> CategoryIds { get; init; } = [];

    public string? Released => string.IsNullOrEmpty(ReleaseDate) ? ReleaseDateCamel : ReleaseDate;
}
