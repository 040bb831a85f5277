namespace M3uStrm.Formats.Xtream;

/// <summary>The URL shapes of an Xtream Codes server. User names and passwords are escaped.</summary>
public static class XtreamUrls
{
    public static string Live(XtreamCredentials account, long streamId, string extension = "ts") => Stream(account, "live", streamId, extension);

    public static string Movie(XtreamCredentials account, long streamId, string extension = "mp4") => Stream(account, "movie", streamId, extension);

    public static string Series(XtreamCredentials account, long episodeId, string extension = "mp4") => Stream(account, "series", episodeId, extension);

    /// <summary><c>/player_api.php?username=…&amp;password=…[&amp;action=…&amp;key=value]</c>.</summary>
    public static string PlayerApi(XtreamCredentials account, string? action = null, params (string Key, string Value)[] parameters)
    {
        var url = $"{Base(account)}/player_api.php?username={Escape(account.Username)}&password={Escape(account.Password)}";
        if (action is not null)
        {
            url += $"&action={Uri.EscapeDataString(action)}";
        }

        foreach (var (key, value) in parameters)
        {
            url += $"&{Uri.EscapeDataString(key)}={Uri.EscapeDataString(value)}";
        }

        return url;
    }

    /// <summary>The playlist export: <c>/get.php?username=…&amp;password=…&amp;type=m3u_plus&amp;output=ts</c>.</summary>
    public static string GetPhp(XtreamCredentials account, string type = "m3u_plus", string output = "ts") =>
        $"{Base(account)}/get.php?username={Escape(account.Username)}&password={Escape(account.Password)}&type={Uri.EscapeDataString(type)}&output={Uri.EscapeDataString(output)}";

    /// <summary>The guide export: <c>/xmltv.php?username=…&amp;password=…</c>.</summary>
    public static string XmltvPhp(XtreamCredentials account) =>
        $"{Base(account)}/xmltv.php?username={Escape(account.Username)}&password={Escape(account.Password)}";

    private static string Stream(XtreamCredentials account, string kind, long id, string extension) =>
        $"{Base(account)}/{kind}/{Escape(account.Username)}/{Escape(account.Password)}/{id}.{extension.TrimStart('.')}";

    private static string Base(XtreamCredentials account)
    {
        var url = account.BaseUrl.Trim().TrimEnd('/');
        if (!url.Contains("://", StringComparison.Ordinal))
        {
            url = "http://" + url;
        }

        // People paste the API URL itself; keep only the server part.
        var api = url.IndexOf("/player_api.php", StringComparison.OrdinalIgnoreCase);
        return api > 0 ? url[..api] : url;
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
