using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Hosting.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using Quartz;

namespace M3uStrm.Server.Hosting.Settings;

/// <summary>One setting as the API shows it: its effective value, the default, and which layer of the configuration it comes from.</summary>
public sealed record SettingResponse(
    string Key,
    string Group,
    string Label,
    string Description,
    string Type,
    object? Value,
    object? Default,
    string Source,
    bool Editable,
    bool RestartRequired,
    bool RestartPending,
    double? Min,
    double? Max,
    IReadOnlyList<string>? Choices,
    DateTime? UpdatedAt);

/// <summary>Changes keyed by setting key (e.g. <c>Playback:Mode</c>); a null value drops the stored change, back to the configuration's value.</summary>
public sealed record SettingsUpdate(Dictionary<string, JsonElement> Values);

/// <summary>Reads the effective settings and stores changes in the <c>settings</c> table, which the configuration reads back.</summary>
public sealed class SettingsService(IConfiguration configuration, DatabaseSettingsProvider provider, JobCatalog jobs, IServiceProvider services, TimeProvider time)
{
    private IReadOnlyList<SettingDefinition>? definitions;

    /// <summary>The raw values of the restart-only settings as the server started with them.</summary>
    private Dictionary<string, string?> startup = [];

    public IReadOnlyList<SettingDefinition> Definitions => definitions ??= SettingsCatalog.Build(jobs);

    /// <summary>Fills the configuration from the table; at start-up (after the migrations) and after every change.</summary>
    public async Task LoadAsync(AppDbContext db, bool atStartup, CancellationToken cancellationToken)
    {
        var rows = await db.Set<ServerSetting>().AsNoTracking().ToListAsync(cancellationToken);
        provider.Replace(rows.Select(r => KeyValuePair.Create(r.Key, r.Value)));
        if (atStartup)
        {
            startup = Definitions.Where(d => d.RestartRequired).ToDictionary(d => d.Key, d => configuration[d.Key]);
        }
    }

    public async Task<List<SettingResponse>> ListAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var stored = await db.Set<ServerSetting>().AsNoTracking().ToDictionaryAsync(s => s.Key, StringComparer.OrdinalIgnoreCase, cancellationToken);
        return [.. Definitions.Select(d => Describe(d, stored.GetValueOrDefault(d.Key)))];
    }

    private SettingResponse Describe(SettingDefinition d, ServerSetting? stored)
    {
        var raw = configuration[d.Key];
        var defaultText = DefaultText(d);
        var range = RangeOf(d);
        return new SettingResponse(
            d.Key, d.Group, d.Label, d.Description, d.Type,
            Typed(d, raw ?? defaultText), Typed(d, defaultText), SourceOf(d.Key), d.Editable, d.RestartRequired,
            d.RestartRequired && startup.TryGetValue(d.Key, out var atStart) && atStart != raw,
            range?.Min, range?.Max, d.Choices, stored?.UpdatedAt);
    }

    /// <summary>Checks every change (type, range, the options' own rules); an empty answer means they were stored and applied.</summary>
    public async Task<Dictionary<string, string[]>> UpdateAsync(AppDbContext db, Audit.IAuditTrail audit, SettingsUpdate update, string? user, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var changes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, json) in update.Values ?? [])
        {
            var d = Definitions.FirstOrDefault(x => string.Equals(x.Key, key, StringComparison.OrdinalIgnoreCase));
            if (d is null)
            {
                errors[key] = [$"{key} is not a setting this server knows."];
            }
            else if (!d.Editable)
            {
                errors[d.Key] = [$"{d.Key} cannot be changed here; set it in appsettings.json or the environment."];
            }
            else if (json.ValueKind == JsonValueKind.Null)
            {
                changes[d.Key] = null;
            }
            else if (Parse(d, json) is { } text)
            {
                changes[d.Key] = text;
            }
            else
            {
                errors[d.Key] = [ExpectedMessage(d)];
            }
        }

        if (errors.Count == 0)
        {
            foreach (var (key, message) in Validate(changes))
            {
                errors.TryAdd(key, [message]);
            }
        }

        if (errors.Count > 0 || changes.Count == 0)
        {
            return errors;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var keys = changes.Keys.ToList();
        var rows = await db.Set<ServerSetting>().Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, StringComparer.OrdinalIgnoreCase, cancellationToken);
        foreach (var (key, text) in changes)
        {
            var row = rows.GetValueOrDefault(key);
            if (text is null)
            {
                if (row is not null)
                {
                    db.Remove(row);
                }
            }
            else if (row is null)
            {
                db.Add(new ServerSetting { Key = key, Value = text, UpdatedAt = now, UpdatedBy = user });
            }
            else
            {
                row.Value = text;
                row.UpdatedAt = now;
                row.UpdatedBy = user;
            }
        }

        var detail = string.Join(", ", changes.Select(c => $"{c.Key}={c.Value ?? "(configuration)"}"));
        audit.Add("settings.update", "settings", null, detail.Length <= 2000 ? detail : detail[..1999] + "…");
        await db.SaveChangesAsync(cancellationToken);
        await LoadAsync(db, atStartup: false, cancellationToken);
        await RescheduleAsync(changes.Keys.Where(k => k.StartsWith("Jobs:", StringComparison.OrdinalIgnoreCase)), cancellationToken);
        return errors;
    }

    /// <summary>Applies changed job schedules to the running scheduler (start-up reads them too).</summary>
    private async Task RescheduleAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        foreach (var key in keys)
        {
            var job = jobs.Find(key.Split(':')[1]);
            if (job is not null)
            {
                await JobsSetup.ScheduleAsync(scheduler, job, configuration[$"Jobs:{job.Key}:Cron"] ?? job.DefaultCron, time, cancellationToken);
            }
        }
    }

    private IEnumerable<(string Key, string Message)> Validate(Dictionary<string, string?> changes)
    {
        foreach (var d in Definitions.Where(d => changes.ContainsKey(d.Key)))
        {
            if (d.Type == SettingTypes.Cron && changes[d.Key] is { } cron && !CronExpression.TryParse(cron, out _))
            {
                yield return (d.Key, $"{d.Key} is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week).");
            }

            if (d.Choices is { } choices && changes[d.Key] is { } choice && !choices.Contains(choice))
            {
                yield return (d.Key, $"{d.Key} must be one of {string.Join(", ", choices)}.");
            }
        }

        // The options as they would be bound with the changes, checked by the same rules as at start-up.
        var candidate = new ConfigurationBuilder()
            .AddConfiguration(configuration, shouldDisposeConfiguration: false)
            .AddInMemoryCollection(changes.Select(c => KeyValuePair.Create(c.Key, c.Value ?? Fallback(c.Key))))
            .Build();
        foreach (var group in Definitions.Where(d => d.OptionsType is not null && changes.ContainsKey(d.Key)).GroupBy(d => d.OptionsType!))
        {
            var options = Bind(candidate, group.First().Section, group.Key);
            if (options is null)
            {
                foreach (var d in group)
                {
                    yield return (d.Key, $"{d.Key} is out of range.");
                }

                continue;
            }

            foreach (var d in group)
            {
                var property = group.Key.GetProperty(d.Property!)!;
                var value = property.GetValue(options);
                var results = new List<ValidationResult>();
                if (!Validator.TryValidateProperty(value, new ValidationContext(options) { MemberName = property.Name }, results))
                {
                    yield return (d.Key, Message(d, property, value, results[0]));
                }
            }

            var validators = (IEnumerable<object>)services.GetServices(typeof(IValidateOptions<>).MakeGenericType(group.Key));
            // The data annotations were checked property by property above, with messages naming the setting.
            foreach (var validator in validators.Where(v => !v.GetType().IsGenericType || v.GetType().GetGenericTypeDefinition() != typeof(DataAnnotationValidateOptions<>)))
            {
                var method = validator.GetType().GetMethod("Validate", [typeof(string), group.Key])!;
                if (method.Invoke(validator, [Options.DefaultName, options]) is ValidateOptionsResult { Failed: true } result)
                {
                    yield return (group.First().Key, result.FailureMessage);
                }
            }
        }
    }

    /// <summary>The options bound from <paramref name="configuration"/>; null when a value does not fit its property (e.g. too large a number).</summary>
    private static object? Bind(IConfiguration configuration, string? section, Type type)
    {
        try
        {
            return (section is null ? configuration : configuration.GetSection(section)).Get(type) ?? Activator.CreateInstance(type);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The value a dropped change falls back to: the configuration below the database, or the default.</summary>
    private string? Fallback(string key)
    {
        if (configuration is IConfigurationRoot root)
        {
            foreach (var p in root.Providers.Reverse())
            {
                if (p is not DatabaseSettingsProvider && p.TryGet(key, out var value))
                {
                    return value;
                }
            }
        }

        return DefaultText(Definitions.First(d => d.Key == key));
    }

    private static string Message(SettingDefinition d, PropertyInfo property, object? value, ValidationResult result)
    {
        if (property.GetCustomAttribute<RangeAttribute>() is { } range && !range.IsValid(value))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{d.Key} must be between {range.Minimum} and {range.Maximum}.");
        }

        if (property.GetCustomAttribute<RequiredAttribute>() is { } required && !required.IsValid(value)
            || property.GetCustomAttribute<MinLengthAttribute>() is { } min && !min.IsValid(value))
        {
            return $"{d.Key} is required.";
        }

        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } max && !max.IsValid(value))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{d.Key} must be at most {max.Length} characters.");
        }

        if (property.GetCustomAttribute<UrlAttribute>() is { } url && !url.IsValid(value))
        {
            return $"{d.Key} must be an absolute http or https URL.";
        }

        return result.ErrorMessage ?? $"{d.Key} is invalid.";
    }

    private static string? Parse(SettingDefinition d, JsonElement json) => d.Type switch
    {
        SettingTypes.Integer when json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var n) => n.ToString(CultureInfo.InvariantCulture),
        SettingTypes.Number when json.ValueKind == JsonValueKind.Number => json.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        SettingTypes.Boolean when json.ValueKind is JsonValueKind.True or JsonValueKind.False => json.GetBoolean() ? "true" : "false",
        SettingTypes.Text or SettingTypes.Choice or SettingTypes.Cron when json.ValueKind == JsonValueKind.String => json.GetString()!.Trim(),
        _ => null,
    };

    private static string ExpectedMessage(SettingDefinition d) => d.Type switch
    {
        SettingTypes.Integer => $"{d.Key} must be a whole number.",
        SettingTypes.Number => $"{d.Key} must be a number.",
        SettingTypes.Boolean => $"{d.Key} must be true or false.",
        _ => $"{d.Key} must be a string.",
    };

    private static string? DefaultText(SettingDefinition d)
    {
        if (d.OptionsType is null)
        {
            return d.DefaultText;
        }

        var value = d.OptionsType.GetProperty(d.Property!)!.GetValue(Activator.CreateInstance(d.OptionsType));
        return value switch
        {
            null => null,
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }

    private static object? Typed(SettingDefinition d, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return d.Type switch
        {
            SettingTypes.Integer when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            SettingTypes.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) => x,
            SettingTypes.Boolean when bool.TryParse(text, out var b) => b,
            _ => text,
        };
    }

    private static (double Min, double Max)? RangeOf(SettingDefinition d)
    {
        var range = d.OptionsType?.GetProperty(d.Property!)?.GetCustomAttribute<RangeAttribute>();
        return range is null ? null : (Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture), Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture));
    }

    /// <summary>Which configuration layer the effective value comes from.</summary>
    private string SourceOf(string key)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return "configuration";
        }

        foreach (var p in root.Providers.Reverse())
        {
            if (p.TryGet(key, out _))
            {
                return p switch
                {
                    DatabaseSettingsProvider => DatabaseSettingsProvider.Name,
                    FileConfigurationProvider file => file.Source.Path ?? "file",
                    EnvironmentVariablesConfigurationProvider => "environment",
                    CommandLineConfigurationProvider => "command line",
                    MemoryConfigurationProvider => "host settings",
                    _ => p.GetType().Name,
                };
            }
        }

        return "default";
    }
}
