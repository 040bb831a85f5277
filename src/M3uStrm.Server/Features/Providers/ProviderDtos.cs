namespace M3uStrm.Server.Features.Providers;

/// <summary>Create/update body. Secrets are write-only: answers never contain them.</summary>
public sealed record ProviderRequest(
    string? Name,
    string? Kind,
    string? Url,
    string? Username,
    string? Password,
    bool? Enabled,
    int? Priority,
    int? MaxConnections,
    string? SyncCron,
    int? SyncIntervalMinutes,
    string? UserAgent,
    IReadOnlyList<string>? IncludeGroups,
    IReadOnlyList<string>? ExcludeGroups,
    bool? ImportLive,
    bool? ImportVod,
    bool? ImportSeries,
    int? MaxRemovalPercent,
    string? FfprobeMode = null);

public sealed record ProviderResponse(
    long Id,
    string Name,
    string Kind,
    string? Url,
    string? Username,
    bool HasPassword,
    bool Enabled,
    int Priority,
    int MaxConnections,
    string SyncCron,
    string? UserAgent,
    IReadOnlyList<string> IncludeGroups,
    IReadOnlyList<string> ExcludeGroups,
    bool ImportLive,
    bool ImportVod,
    bool ImportSeries,
    int MaxRemovalPercent,
    DateTime CreatedAt,
    DateTime? LastSyncAt,
    string? LastSyncStatus,
    string? LastSyncMessage,
    ProviderCounts Counts,
    string FfprobeMode);

public sealed record ProviderCounts(int LiveStreams, int Vod, int Series);

public sealed record GroupCount(string Name, int Count);

public sealed record ProviderTestResult(
    bool Ok,
    string? Error,
    int Live,
    int Vod,
    int Series,
    IReadOnlyList<GroupCount> Groups,
    IReadOnlyList<M3uStrm.Formats.FormatProblem> Problems,
    XtreamAccountInfo? Account);

public sealed record XtreamAccountInfo(string? Status, DateTimeOffset? ExpiresAt, int? MaxConnections, int? ActiveConnections, bool? IsTrial);

public sealed record SyncLogResponse(
    long Id,
    DateTime SyncTimestamp,
    string Status,
    double SyncDurationSeconds,
    int ChannelsAdded,
    int ChannelsRemoved,
    int ChannelsUpdated,
    int VodAdded,
    int VodRemoved,
    int VodUpdated,
    int SeriesAdded,
    int SeriesRemoved,
    int SeriesUpdated,
    int ErrorsCount,
    System.Text.Json.JsonElement ErrorDetails,
    double? DataFreshnessHours);

public sealed record ProviderPerformanceRow(long ProviderId, string ProviderName, double AvgSyncDuration, int SyncCount, int TotalErrors, double AvgFreshnessHours);
