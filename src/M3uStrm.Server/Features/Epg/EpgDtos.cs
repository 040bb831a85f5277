using System.Text.Json;

namespace M3uStrm.Server.Features.Epg;

public sealed record EpgSourceRequest(string? Name, string? Url, bool? Enabled, int? Priority);

public sealed record EpgSourceResponse(long Id, string Name, string Kind, string? Url, long? ProviderId, bool Enabled, int Priority,
    DateTime? LastRefreshAt, DateTime? LastSuccessfulRefreshAt, string? LastRefreshStatus, string? LastRefreshMessage, int Channels, int Programmes);

public sealed record EpgRefreshLogResponse(long Id, DateTime StartedAt, string Status, double DurationSeconds, int Channels, int Programmes,
    int ProgrammesSkipped, int ErrorsCount, JsonElement ErrorDetails);

public sealed record EpgChannelResponse(long Id, long SourceId, string XmltvId, string DisplayName, IReadOnlyList<string> DisplayNames, string? Icon, int Programmes);

public sealed record EpgMappingRequest(long? EpgChannelId, string? XmltvId, long? SourceId, int? ShiftMinutes);

public sealed record EpgMappingResponse(long ChannelId, string ChannelName, string EpgId, long EpgChannelId, long SourceId, string XmltvId,
    string GuideName, string Method, double Score, int ShiftMinutes, bool Manual);

public sealed record UnmappedChannel(long ChannelId, string Name, int? Number, string? GroupTitle, string? EpgChannelId, string Reason,
    IReadOnlyList<EpgSuggestion> Suggestions);

public sealed record ProgrammeView(DateTime Start, DateTime? Stop, string Title, string? SubTitle, string? Description,
    IReadOnlyList<string> Categories, string? EpisodeXmltvNs, string? EpisodeOnScreen, string? Icon);

public sealed record ChannelProgrammes(long ChannelId, string EpgId, DateTime From, DateTime To, IReadOnlyList<ProgrammeView> Items);

public sealed record NowNext(long ChannelId, string Name, int? Number, string EpgId, ProgrammeView? Now, ProgrammeView? Next);
