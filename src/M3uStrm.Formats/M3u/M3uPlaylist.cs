namespace M3uStrm.Formats.M3u;

/// <summary>A whole playlist in memory, for small lists and tests; large lists should stream through <see cref="M3uReader"/>.</summary>
public sealed record M3uPlaylist(
    M3uHeader Header,
    IReadOnlyList<M3uEntry> Entries,
    IReadOnlyList<FormatProblem> Problems,
    bool IsHlsMediaPlaylist);
