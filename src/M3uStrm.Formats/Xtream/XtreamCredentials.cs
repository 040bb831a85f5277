namespace M3uStrm.Formats.Xtream;

/// <summary>Where an Xtream account lives: base URL (scheme, host, port, optional path) and the user's credentials.</summary>
public sealed record XtreamCredentials(string BaseUrl, string Username, string Password)
{
    // Keep the password out of logs and exception messages.
    public override string ToString() => $"{BaseUrl} as {Username}";
}
