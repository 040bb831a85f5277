namespace M3uStrm.Formats.Xtream;

/// <summary>The server rejected the credentials (HTTP 401/403, or <c>user_info.auth = 0</c>). Not retried.</summary>
public sealed class XtreamAuthenticationException : Exception
{
    public XtreamAuthenticationException()
    {
    }

    public XtreamAuthenticationException(string message)
        : base(message)
    {
    }

    public XtreamAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The answer exceeded <see cref="XtreamClientOptions.MaxResponseBytes"/>.</summary>
public sealed class XtreamResponseTooLargeException : IOException
{
    public XtreamResponseTooLargeException()
    {
    }

    public XtreamResponseTooLargeException(string message)
        : base(message)
    {
    }

    public XtreamResponseTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
