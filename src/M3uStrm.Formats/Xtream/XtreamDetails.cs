using System.Text.Json.Serialization;

namespace M3uStrm.Formats.Xtream;

/// <summary>The answer of <c>get_vod_info</c>.</summary>
public sealed record XtreamVodInfo
{
    [JsonConverter(typeof(ObjectOrEmptyConverter<XtreamVodDetails>))]
    public XtreamVodDetails? Info { get; init; }

    [JsonConverter(typeof(ObjectOrEmptyConverter<XtreamVodMovieData>))]
    public XtreamVodMovieData? MovieData { get; init; }
}

public sealed record XtreamVodDetails
{
    public string? KinopoiskUrl { get; init; }
    public long? TmdbId { get; init; }
    public string? Name { get; init; }
    public string? OName { get; init; }
    public string? CoverBig { get; init; }
    public string? MovieImage { get; init; }
    public string? ReleaseDate { get; init; }
    public int? EpisodeRunTime { get; init; }
    public string? YoutubeTrailer { get; init; }
    public string? Director { get; init; }
    public string? Actors { get; init; }
    public string? Cast { get; init; }
    public string? Description { get; init; }
    public string? Plot { get; init; }
    public string? Age { get; init; }
    public string? MpaaRating { get; init; }
    public string? Country { get; init; }
    public string? Genre { get; init; }
    public IReadOnlyList<string> BackdropPath { get; init; } = [];
    public int? DurationSecs { get; init; }
    public string? Duration { get; init; }
    public int? Bitrate { get; init; }
    public double? Rating { get; init; }
}

public sealed record XtreamVodMovieData
{
    public long? StreamId { get; init; }
    public string? Name { get; init; }
    public string? Title { get; init; }
    public string? Year { get; init; }
    public long? Added { get; init; }
    public string? CategoryId { get; init; }
    public IReadOnlyList<long> CategoryIds { get; init; } = [];
    public string? ContainerExtension { get; init; }
    public string? CustomSid { get; init; }
    public string? DirectSource { get; init; }
}

/// <summary>The answer of <c>get_series_info</c>: episodes are keyed by season-number strings.</summary>
public sealed record XtreamSeriesInfo
{
    public IReadOnlyList<XtreamSeason> Seasons { get; init; } = [];

    [JsonConverter(typeof(ObjectOrEmptyConverter<XtreamSeries>))]
    public XtreamSeries? Info { get; init; }

    [JsonConverter(typeof(XtreamEpisodesConverter))]
    public IReadOnlyDictionary<string, IReadOnlyList<XtreamEpisode>> Episodes { get; init; } = new Dictionary<string, IReadOnlyList<XtreamEpisode>>();
}

public sealed record XtreamSeason
{
    public string? AirDate { get; init; }
    public int? EpisodeCount { get; init; }
    public long? Id { get; init; }
    public string? Name { get; init; }
    public string? Overview { get; init; }
    public int? SeasonNumber { get; init; }
    public double? VoteAverage { get; init; }
    public string? Cover { get; init; }
    public string? CoverBig { get; init; }
}

public sealed record XtreamEpisode
{
    public string? Id { get; init; }
    public int? EpisodeNum { get; init; }
    public string? Title { get; init; }
    public string? ContainerExtension { get; init; }

    [JsonConverter(typeof(ObjectOrEmptyConverter<XtreamEpisodeDetails>))]
    public XtreamEpisodeDetails? Info { get; init; }

    public string? CustomSid { get; init; }
    public long? Added { get; init; }
    public int? Season { get; init; }
    public string? DirectSource { get; init; }
}

public sealed record XtreamEpisodeDetails
{
    public long? TmdbId { get; init; }
    public string? ReleaseDate { get; init; }
    public string? Plot { get; init; }
    public int? DurationSecs { get; init; }
    public string? Duration { get; init; }
    public string? MovieImage { get; init; }
    public int? Bitrate { get; init; }
    public double? Rating { get; init; }
    public int? Season { get; init; }
    public string? CoverBig { get; init; }
}

/// <summary>The answer of <c>get_short_epg</c> (and <c>get_simple_data_table</c>).</summary>
public sealed record XtreamShortEpg
{
    public IReadOnlyList<XtreamEpgListing> EpgListings { get; init; } = [];
}

public sealed record XtreamEpgListing
{
    public string? Id { get; init; }
    public string? EpgId { get; init; }

    /// <summary>Base64 on the wire; see <see cref="DecodedTitle"/>.</summary>
    public string? Title { get; init; }

    public string? Lang { get; init; }
    public string? Start { get; init; }
    public string? End { get; init; }
    public string? Description { get; init; }
    public string? ChannelId { get; init; }
    public long? StartTimestamp { get; init; }
    public long? StopTimestamp { get; init; }
    public string? Stop { get; init; }
    public bool? NowPlaying { get; init; }
    public bool? HasArchive { get; init; }

    public string? DecodedTitle => Base64Text.Decode(Title);
    public string? DecodedDescription => Base64Text.Decode(Description);
}
