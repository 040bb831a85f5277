namespace M3uStrm.Server.Hosting.Settings;

/// <summary>
/// The <c>settings</c> table as a configuration provider, added last so its values win over appsettings, the environment
/// and the command line. It starts empty (the table may not exist before the migrations ran) and is filled after them;
/// every change raises the configuration's reload token, so <c>IOptionsMonitor</c> and <c>IOptionsSnapshot</c> see it.
/// </summary>
public sealed class DatabaseSettingsProvider : ConfigurationProvider
{
    public const string Name = "database";

    public void Replace(IEnumerable<KeyValuePair<string, string>> values)
    {
        Data = new Dictionary<string, string?>(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)), StringComparer.OrdinalIgnoreCase);
        OnReload();
    }

    public override string ToString() => Name;
}

internal sealed class DatabaseSettingsSource(DatabaseSettingsProvider provider) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => provider;
}
