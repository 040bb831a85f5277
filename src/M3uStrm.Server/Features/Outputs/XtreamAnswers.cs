using System.Text.Json.Serialization;

namespace M3uStrm.Server.Features.Outputs;

// The answers of our player_api.php, field for field as real panels send them (see the captures under
// shared/fixtures/xtream): ids and times as numeric strings where panels quote them, stream ids as numbers,
// empty strings rather than missing fields, and the newer fields apps read (category_ids, backdrop_path).
// Names follow the API's snake_case policy; the odd ones are spelled out.

internal sealed record XtreamAuthAnswer(XtreamUserInfoAnswer UserInfo, XtreamServerInfoAnswer ServerInfo);

internal sealed record XtreamUserInfoAnswer(
    string Username,
    string Password,
    string Message,
    int Auth,
    string Status,
    string? ExpDate,
    string IsTrial,
    string ActiveCons,
    string CreatedAt,
    string MaxConnections,
    IReadOnlyList<string> AllowedOutputFormats);

internal sealed record XtreamServerInfoAnswer(
    string Url,
    string Port,
    string HttpsPort,
    string ServerProtocol,
    string RtmpPort,
    string Timezone,
    long TimestampNow,
    string TimeNow,
    bool Process);

/// <summary>What a refused login gets (with status 401): apps read <c>auth</c>, HTTP clients the status.</summary>
internal sealed record XtreamRefusal(XtreamRefusalInfo UserInfo);

internal sealed record XtreamRefusalInfo(int Auth);

internal sealed record XtreamCategoryAnswer(string CategoryId, string CategoryName, int ParentId);

internal sealed record XtreamLiveAnswer(
    long Num,
    string Name,
    string StreamType,
    long StreamId,
    string StreamIcon,
    string EpgChannelId,
    string Added,
    string CategoryId,
    IReadOnlyList<int> CategoryIds,
    string CustomSid,
    int TvArchive,
    string DirectSource,
    int TvArchiveDuration,
    string Thumbnail);

internal sealed record XtreamMovieAnswer(
    long Num,
    string Name,
    string Title,
    string Year,
    string StreamType,
    long StreamId,
    string StreamIcon,
    string Rating,
    [property: JsonPropertyName("rating_5based")] double Rating5Based,
    string Added,
    string Plot,
    string Genre,
    string Cast,
    string Director,
    string ReleaseDate,
    string EpisodeRunTime,
    string YoutubeTrailer,
    string CategoryId,
    IReadOnlyList<int> CategoryIds,
    string ContainerExtension,
    string CustomSid,
    string DirectSource);

internal sealed record XtreamSeriesAnswer(
    long Num,
    string Name,
    string Title,
    string Year,
    string StreamType,
    long SeriesId,
    string Cover,
    string Plot,
    string Cast,
    string Director,
    string Genre,
    string ReleaseDate,
    [property: JsonPropertyName("releaseDate")] string ReleaseDateCamel,
    string LastModified,
    string Rating,
    [property: JsonPropertyName("rating_5based")] double Rating5Based,
    IReadOnlyList<string> BackdropPath,
    string YoutubeTrailer,
    string EpisodeRunTime,
    string CategoryId,
    IReadOnlyList<int> CategoryIds);

internal sealed record XtreamVodInfoAnswer(XtreamVodInfoDetails Info, XtreamMovieData MovieData);

internal sealed record XtreamVodInfoDetails(
    string KinopoiskUrl,
    object TmdbId,
    string Name,
    string OName,
    string CoverBig,
    string MovieImage,
    string ReleaseDate,
    [property: JsonPropertyName("releasedate")] string ReleaseDateFlat,
    int EpisodeRunTime,
    string YoutubeTrailer,
    string Director,
    string Actors,
    string Cast,
    string Description,
    string Plot,
    string Age,
    string MpaaRating,
    string Country,
    string Genre,
    IReadOnlyList<string> BackdropPath,
    int DurationSecs,
    string Duration,
    int Bitrate,
    double Rating);

internal sealed record XtreamMovieData(
    long StreamId,
    string Name,
    string Title,
    string Year,
    string Added,
    string CategoryId,
    IReadOnlyList<int> CategoryIds,
    string ContainerExtension,
    string CustomSid,
    string DirectSource);

internal sealed record XtreamSeriesInfoAnswer(
    IReadOnlyList<XtreamSeasonAnswer> Seasons,
    XtreamSeriesInfoDetails Info,
    IReadOnlyDictionary<string, List<XtreamEpisodeAnswer>> Episodes);

internal sealed record XtreamSeasonAnswer(
    string AirDate,
    int EpisodeCount,
    int Id,
    string Name,
    string Overview,
    int SeasonNumber,
    double VoteAverage,
    string Cover,
    string CoverBig);

internal sealed record XtreamSeriesInfoDetails(
    string Name,
    string Title,
    string Year,
    string Cover,
    string Plot,
    string Cast,
    string Director,
    string Genre,
    string ReleaseDate,
    [property: JsonPropertyName("releaseDate")] string ReleaseDateCamel,
    string LastModified,
    string Rating,
    [property: JsonPropertyName("rating_5based")] double Rating5Based,
    IReadOnlyList<string> BackdropPath,
    string YoutubeTrailer,
    string EpisodeRunTime,
    string CategoryId,
    IReadOnlyList<int> CategoryIds,
    long SeriesId);

internal sealed record XtreamEpisodeAnswer(
    string Id,
    string EpisodeNum,
    string Title,
    string ContainerExtension,
    XtreamEpisodeInfo Info,
    string CustomSid,
    string Added,
    int Season,
    string DirectSource);

internal sealed record XtreamEpisodeInfo(
    string ReleaseDate,
    string Plot,
    int DurationSecs,
    string Duration,
    string MovieImage,
    int Bitrate,
    double Rating,
    int Season,
    string CoverBig);

internal sealed record XtreamEpgAnswer(IReadOnlyList<XtreamListingAnswer> EpgListings);

/// <summary>
/// One programme of <c>get_short_epg</c> / <c>get_simple_data_table</c>: title and description base64 as panels send
/// them. In the short EPG <c>end</c> is a Unix time and <c>stop</c> the text (as XUI panels answer and clients read
/// it); in the data table <c>end</c> is the text, with <c>now_playing</c> and <c>has_archive</c>.
/// </summary>
internal sealed record XtreamListingAnswer(
    string Id,
    string EpgId,
    string Title,
    string Lang,
    string Start,
    string End,
    string Description,
    string ChannelId,
    string StartTimestamp,
    string StopTimestamp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Stop,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? NowPlaying,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? HasArchive);
