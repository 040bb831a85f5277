using System.Globalization;
using System.Text.Json;
using M3uStrm.Server.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace M3uStrm.Server.Features.Providers;

/// <summary>Validation and persistence of provider settings; secrets are encrypted on the way in and never leave.</summary>
internal sealed class ProviderService(AppDbContext db, ProviderSecrets secrets, ProviderSchedules schedules, TimeProvider time)
{
    public static Dictionary<string, string[]> Validate(ProviderRequest request, Provider? existing, bool fileUpload = false)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        var kind = request.Kind ?? existing?.Kind;
        if (existing is null && string.IsNullOrWhiteSpace(request.Name))
        {
            Fail("name", "name is required.");
        }
        else if (request.Name is { Length: > 200 })
        {
            Fail("name", "name must be 200 characters or fewer.");
        }

        if (kind is null || !ProviderKinds.All.Contains(kind))
        {
            Fail("kind", "kind must be 'm3u_url', 'm3u_file' or 'xtream'.");
        }
        else if (existing is not null && request.Kind is not null && request.Kind != existing.Kind)
        {
            Fail("kind", "kind cannot be changed; create a new provider instead.");
        }
        else if (kind == ProviderKinds.M3uFile && existing is null && !fileUpload)
        {
            Fail("kind", "m3u_file providers are created by uploading the file to /api/admin/providers/upload.");
        }

        if (kind is ProviderKinds.M3uUrl or ProviderKinds.Xtream && (request.Url is not null || existing is null))
        {
            if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                Fail("url", "url must be an absolute http(s) URL.");
            }
        }

        if (kind == ProviderKinds.Xtream && existing is null)
        {
            if (string.IsNullOrWhiteSpace(request.Username))
            {
                Fail("username", "username is required for xtream providers.");
            }

            if (string.IsNullOrEmpty(request.Password))
            {
                Fail("password", "password is required for xtream providers.");
            }
        }

        if (request.Priority is < 0 or > 100)
        {
            Fail("priority", "priority must be between 0 and 100.");
        }

        if (request.MaxConnections is < 1 or > 1000)
        {
            Fail("max_connections", "max_connections must be between 1 and 1000.");
        }

        if (request.FfprobeMode is not null && !FfprobeModes.All.Contains(request.FfprobeMode))
        {
            Fail("ffprobe_mode", $"ffprobe_mode must be one of {string.Join(", ", FfprobeModes.All)}.");
        }

        if (request.MaxRemovalPercent is < 1 or > 100)
        {
            Fail("max_removal_percent", "max_removal_percent must be between 1 and 100.");
        }

        if (request.SyncCron is not null && !CronExpression.TryParse(request.SyncCron, out _))
        {
            Fail("sync_cron", "sync_cron must be a valid Quartz cron expression (seconds minutes hours day month weekday).");
        }

        if (request.SyncIntervalMinutes is { } minutes && CronForInterval(minutes) is null)
        {
            Fail("sync_interval_minutes", "sync_interval_minutes must divide an hour (1-60) or be whole hours dividing a day (120, 180, 240, 360, 480, 720, 1440).");
        }

        foreach (var (field, patterns) in new[] { ("include_groups", request.IncludeGroups), ("exclude_groups", request.ExcludeGroups) })
        {
            foreach (var pattern in patterns ?? [])
            {
                if (GroupFilter.Validate(pattern) is { } problem)
                {
                    Fail(field, $"'{pattern}' is not a valid regular expression: {problem}");
                }
            }
        }

        return errors;
    }

    internal static string? CronForInterval(int minutes) => minutes switch
    {
        >= 1 and <= 60 when 60 % minutes == 0 => minutes == 60 ? "0 0 * * * ?" : $"0 0/{minutes} * * * ?",
        > 60 when minutes % 60 == 0 && 24 % (minutes / 60) == 0 => minutes == 1440 ? "0 0 0 * * ?" : $"0 0 0/{minutes / 60} * * ?",
        _ => null,
    };

    public async Task<bool> NameTakenAsync(string name, long? exceptId, CancellationToken cancellationToken) =>
        await db.Set<Provider>().AnyAsync(p => p.Name == name.Trim() && p.Id != exceptId, cancellationToken);

    public async Task<Provider> SaveAsync(Provider? existing, ProviderRequest request, CancellationToken cancellationToken)
    {
        var provider = existing ?? new Provider { CreatedAt = time.GetUtcNow().UtcDateTime, Kind = request.Kind! };
        if (request.Name is not null)
        {
            provider.Name = request.Name.Trim();
        }

        if (request.Url is not null)
        {
            var url = request.Url.Trim();
            provider.UrlProtected = secrets.Protect(url);
            provider.UrlMasked = ProviderSecrets.Mask(url);
        }

        if (request.Username is not null)
        {
            provider.Username = request.Username.Trim();
        }

        if (!string.IsNullOrEmpty(request.Password))
        {
            provider.PasswordProtected = secrets.Protect(request.Password);
        }

        provider.Enabled = request.Enabled ?? provider.Enabled;
        provider.Priority = request.Priority ?? provider.Priority;
        provider.MaxConnections = request.MaxConnections ?? provider.MaxConnections;
        provider.SyncCron = request.SyncIntervalMinutes is { } minutes ? CronForInterval(minutes)! : request.SyncCron ?? provider.SyncCron;
        provider.UserAgent = request.UserAgent is null ? provider.UserAgent : request.UserAgent.Length == 0 ? null : request.UserAgent;
        provider.IncludeGroups = request.IncludeGroups is null ? provider.IncludeGroups : JsonSerializer.Serialize(request.IncludeGroups);
        provider.ExcludeGroups = request.ExcludeGroups is null ? provider.ExcludeGroups : JsonSerializer.Serialize(request.ExcludeGroups);
        provider.ImportLive = request.ImportLive ?? provider.ImportLive;
        provider.ImportVod = request.ImportVod ?? provider.ImportVod;
        provider.ImportSeries = request.ImportSeries ?? provider.ImportSeries;
        provider.MaxRemovalPercent = request.MaxRemovalPercent ?? provider.MaxRemovalPercent;
        provider.FfprobeMode = request.FfprobeMode ?? provider.FfprobeMode;
        if (existing is null)
        {
            db.Add(provider);
        }

        await db.SaveChangesAsync(cancellationToken);
        await schedules.EnsureAsync(provider, cancellationToken);
        return provider;
    }

    public async Task<ProviderResponse> ToResponseAsync(Provider p, CancellationToken cancellationToken)
    {
        var live = await db.Set<ProviderStream>().CountAsync(s => s.ProviderId == p.Id && s.RemovedAt == null, cancellationToken);
        var vod = await db.Set<VodItem>().CountAsync(s => s.ProviderId == p.Id && s.RemovedAt == null, cancellationToken);
        var series = await db.Set<Series>().CountAsync(s => s.ProviderId == p.Id && s.RemovedAt == null, cancellationToken);
        return new ProviderResponse(p.Id, p.Name, p.Kind, p.Kind == ProviderKinds.M3uFile ? null : p.UrlMasked, p.Username, p.PasswordProtected is not null,
            p.Enabled, p.Priority, p.MaxConnections, p.SyncCron, p.UserAgent, GroupFilter.Parse(p.IncludeGroups), GroupFilter.Parse(p.ExcludeGroups),
            p.ImportLive, p.ImportVod, p.ImportSeries, p.MaxRemovalPercent, p.CreatedAt, p.LastSyncAt, p.LastSyncStatus, p.LastSyncMessage,
            new ProviderCounts(live, vod, series), p.FfprobeMode);
    }

    public static string CsvEscape(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
