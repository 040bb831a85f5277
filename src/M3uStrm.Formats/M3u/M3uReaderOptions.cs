namespace M3uStrm.Formats.M3u;

public sealed record M3uReaderOptions
{
    public static M3uReaderOptions Default { get; } = new();

    /// <summary>Longer lines are cut to this many bytes and reported; the rest of the line is skipped.</summary>
    public int MaxLineLength { get; init; } = 256 * 1024;

    /// <summary>Problems beyond this count are only counted.</summary>
    public int MaxProblems { get; init; } = 1000;

    public int BufferSize { get; init; } = 1024 * 1024;
}
