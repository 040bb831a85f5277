using M3uStrm.Server.Features.Alerts;
using M3uStrm.Server.Features.Analytics;
using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Features.Library;
using M3uStrm.Server.Features.Outputs;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Hosting.Jobs;

namespace M3uStrm.Server.Hosting.Settings;

/// <summary>How a setting's value is typed on the wire.</summary>
public static class SettingTypes
{
    public const string Integer = "integer";
    public const string Number = "number";
    public const string Boolean = "boolean";
    public const string Text = "text";
    public const string Choice = "choice";
    public const string Cron = "cron";
}

/// <summary>
/// One setting the settings API shows. <see cref="OptionsType"/> and <see cref="Property"/> name the bound options property
/// (its default, range and validation come from there); <see cref="Editable"/> settings can be changed at runtime, and
/// <see cref="RestartRequired"/> ones are stored at once but only read when the server starts.
/// </summary>
public sealed record SettingDefinition(
    string Key,
    string Group,
    string Label,
    string Description,
    string Type,
    bool Editable,
    bool RestartRequired = false,
    Type? OptionsType = null,
    string? Property = null,
    string? DefaultText = null,
    IReadOnlyList<string>? Choices = null)
{
    /// <summary>The options section the property is bound from (null: the configuration root).</summary>
    public string? Section => Key.Contains(':', StringComparison.Ordinal) ? Key[..Key.LastIndexOf(':')] : null;
}

/// <summary>The settings a person running this server cares about. Never secrets, passwords or connection strings.</summary>
public static class SettingsCatalog
{
    private static SettingDefinition Option<TOptions>(string group, string property, string label, string description, string type,
        bool editable = true, bool restart = false, IReadOnlyList<string>? choices = null, string? section = null) =>
        new(KeyOf(section ?? SectionOf<TOptions>(), property), group, label, description, type, editable, restart, typeof(TOptions), property, Choices: choices);

    private static string KeyOf(string section, string property) => section.Length == 0 ? property : $"{section}:{property}";

    private static string SectionOf<TOptions>() =>
        (string?)typeof(TOptions).GetField("Section")?.GetRawConstantValue() ?? "";

    private const string NotHere = " Set it in appsettings.json or the environment.";

    public static IReadOnlyList<SettingDefinition> Build(JobCatalog jobs) =>
    [
        Option<ServerOptions>("Server", nameof(ServerOptions.DataDirectory), "Data directory", "Where the SQLite file, keys and the library live." + NotHere, SettingTypes.Text, editable: false),
        Option<ServerOptions>("Server", nameof(ServerOptions.PublicUrl), "Public URL",
            "The address players reach this server at (e.g. behind a reverse proxy); unset uses the request's host.", SettingTypes.Text, restart: true),
        new("Database:Provider", "Server", "Database", "sqlite (embedded) or postgres." + NotHere, SettingTypes.Choice, Editable: false, DefaultText: "sqlite", Choices: ["sqlite", "postgres"]),
        new("Jobs:MaxConcurrency", "Server", "Job concurrency", "How many background jobs may run at once; read at start." + NotHere, SettingTypes.Integer, Editable: false, DefaultText: "4"),

        Option<PlaybackOptions>("Playback", nameof(PlaybackOptions.Mode), "Mode", "proxy: bytes go through this server; redirect: players are sent to the provider's stream.",
            SettingTypes.Choice, choices: ["proxy", "redirect"]),
        Option<PlaybackOptions>("Playback", nameof(PlaybackOptions.ConnectTimeoutSeconds), "Connect timeout (s)", "Seconds to connect to a provider and get its answer's headers.", SettingTypes.Number),
        Option<PlaybackOptions>("Playback", nameof(PlaybackOptions.StallTimeoutSeconds), "Stall timeout (s)", "Seconds without data before the next stream is tried.", SettingTypes.Number, restart: true),
        Option<PlaybackOptions>("Playback", nameof(PlaybackOptions.LingerSeconds), "Linger (s)", "Seconds an upstream stays open after its last viewer left.", SettingTypes.Number, restart: true),
        Option<PlaybackOptions>("Playback", nameof(PlaybackOptions.ClientBufferBytes), "Viewer buffer (bytes)", "Bytes buffered per viewer of a shared live stream; a viewer further behind is dropped.", SettingTypes.Integer, restart: true),
        Option<PlaybackOptions>("Playback", nameof(PlaybackOptions.SessionIdleSeconds), "Session idle timeout (s)", "Seconds without a sign of life before a viewing session is closed.", SettingTypes.Integer),
        Option<PlaybackOptions>("Playback", nameof(PlaybackOptions.UsageSampleSeconds), "Usage sample interval (s)", "Seconds between samples of the provider connections in use.", SettingTypes.Integer),
        Option<PlaybackOptions>("Playback", nameof(PlaybackOptions.HeartbeatSeconds), "Heartbeat (s)", "Seconds between writes of a playing session's progress.", SettingTypes.Integer, restart: true),

        Option<LibraryOptions>("Library", nameof(LibraryOptions.Root), "Root folder", "Where the STRM/NFO tree is written (default: <data directory>/library)." + NotHere, SettingTypes.Text, editable: false),
        Option<LibraryOptions>("Library", nameof(LibraryOptions.GenreFolders), "Genre folders", "Put movies and series under a genre folder.", SettingTypes.Boolean),
        Option<LibraryOptions>("Library", nameof(LibraryOptions.FallbackGenre), "Fallback genre", "The genre folder of items without a category.", SettingTypes.Text),
        Option<LibraryOptions>("Library", nameof(LibraryOptions.GraceRuns), "Grace builds", "Builds an item must be missing before its files are removed.", SettingTypes.Integer),
        Option<LibraryOptions>("Library", nameof(LibraryOptions.BuildAfterSync), "Build after sync", "Queue a library build after every successful provider sync; read at start." + NotHere, SettingTypes.Boolean, editable: false),

        Option<AnalyticsOptions>("Analytics", nameof(AnalyticsOptions.RetentionDays), "Session retention (days)", "Raw viewing sessions older than this are rolled up into daily totals.", SettingTypes.Integer),
        Option<AnalyticsOptions>("Analytics", nameof(AnalyticsOptions.LiveIntervalSeconds), "Live update interval (s)", "Seconds between two snapshots pushed to the live dashboard.", SettingTypes.Integer),
        Option<AnalyticsOptions>("Analytics", nameof(AnalyticsOptions.PopularCacheSeconds), "Popular channels cache (s)", "How long the popular-channels answer is cached.", SettingTypes.Integer),

        Option<HdHomeRunOptions>("HDHomeRun", nameof(HdHomeRunOptions.TunerCount), "Tuners", "How many streams Plex/Jellyfin/Emby may use at once through the tuner.", SettingTypes.Integer),
        Option<HdHomeRunOptions>("HDHomeRun", nameof(HdHomeRunOptions.FriendlyName), "Name", "The tuner's name as media servers show it.", SettingTypes.Text),

        Option<EpgOptions>("EPG", nameof(EpgOptions.PastDays), "Past days kept", "Programmes that ended more than this many days ago are dropped at the next refresh.", SettingTypes.Integer),
        Option<EpgOptions>("EPG", nameof(EpgOptions.FutureDays), "Future days kept", "Programmes starting more than this many days ahead are dropped at the next refresh.", SettingTypes.Integer),
        Option<EpgOptions>("EPG", nameof(EpgOptions.FuzzyThreshold), "Fuzzy match threshold", "Similarity (50–100) a guide channel name needs for an automatic mapping.", SettingTypes.Number),
        Option<EpgOptions>("EPG", nameof(EpgOptions.MaxDownloadMegabytes), "Largest guide (MB)", "Largest guide download accepted.", SettingTypes.Integer),
        Option<EpgOptions>("EPG", nameof(EpgOptions.TimeoutSeconds), "Download timeout (s)", "Read at start." + NotHere, SettingTypes.Integer, editable: false),

        Option<AlertsOptions>("Alerts", nameof(AlertsOptions.RetentionDays), "Notification retention (days)", "Notifications and resolved incidents older than this are deleted.", SettingTypes.Integer),
        Option<AlertsOptions>("Alerts", nameof(AlertsOptions.MaxDeliveryAttempts), "Webhook attempts", "Attempts per notification and webhook before a delivery stays failed.", SettingTypes.Integer),
        Option<AlertsOptions>("Alerts", nameof(AlertsOptions.WebhookTimeoutSeconds), "Webhook timeout (s)", "Read at start." + NotHere, SettingTypes.Integer, editable: false),

        .. jobs.Jobs.OrderBy(j => j.Key, StringComparer.Ordinal).Select(j =>
            new SettingDefinition($"Jobs:{j.Key}:Cron", "Schedules", j.Key, j.Description + " Quartz cron, UTC.", SettingTypes.Cron, Editable: true, DefaultText: j.DefaultCron)),
    ];
}
