namespace M3uStrm.Formats.Xtream;

public sealed class XtreamClientOptions
{
    /// <summary>Answers larger than this are cut off with <see cref="XtreamResponseTooLargeException"/> (big providers send ~100 MB VOD lists).</summary>
    public long MaxResponseBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Time for one attempt to get response headers; a whole list body may take longer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public string UserAgent { get; set; } = "M3uStrm/1.0";
}
