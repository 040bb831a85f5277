namespace M3uStrm.Formats.Xtream;

/// <summary>The bare <c>player_api.php</c> answer: who the user is and which server answers.</summary>
public sealed record XtreamAuthResponse
{
    public XtreamUserInfo? UserInfo { get; init; }
    public XtreamServerInfo? ServerInfo { get; init; }

    public bool IsAuthenticated => UserInfo?.Auth == 1;
}

public sealed record XtreamUserInfo
{
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? Message { get; init; }
    public int? Auth { get; init; }
    public string? Status { get; init; }

    /// <summary>Unix seconds; null for "never" (servers send null, "" or "0").</summary>
    public long? ExpDate { get; init; }

    public bool? IsTrial { get; init; }
    public int? ActiveCons { get; init; }
    public long? CreatedAt { get; init; }
    public int? MaxConnections { get; init; }
    public IReadOnlyList<string> AllowedOutputFormats { get; init; } = [];

    public DateTimeOffset? ExpiresAt => ExpDate is > 0 and { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
}

public sealed record XtreamServerInfo
{
    public string? Url { get; init; }
    public int? Port { get; init; }
    public int? HttpsPort { get; init; }
    public string? ServerProtocol { get; init; }
    public int? RtmpPort { get; init; }
    public string? Timezone { get; init; }
    public long? TimestampNow { get; init; }
    public string? TimeNow { get; init; }
    public bool? Process { get; init; }
    public bool? Xui { get; init; }
    public string? Version { get; init; }
    public string? Revision { get; init; }
}

public sealed record XtreamCategory
{
    public string? CategoryId { get; init; }
    public string? CategoryName { get; init; }
    public long? ParentId { get; init; }
}
