namespace M3uStrm.Formats.Xmltv;

public sealed record XmltvReaderOptions
{
    public static XmltvReaderOptions Default { get; } = new();

    /// <summary>Characters of (decompressed) document accepted; 0 = no limit. Guards against zip bombs.</summary>
    public long MaxCharactersInDocument { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Longer texts (titles, descriptions) are cut and reported.</summary>
    public int MaxTextLength { get; init; } = 64 * 1024;

    public int MaxProblems { get; init; } = 1000;
}
