using System.Globalization;
using System.Text.Json;

namespace M3uStrm.Server.Features.Alerts;

/// <summary>A numeric parameter of a rule kind: its default and the accepted range (integers only when <see cref="Integer"/>).</summary>
public sealed record AlertParameter(string Name, double Default, double Min, double Max, bool Integer, string Description);

/// <summary>What a rule kind checks and which parameters it takes.</summary>
public sealed record AlertRuleKind(string Kind, string Severity, string Description, IReadOnlyList<AlertParameter> Parameters)
{
    public string DefaultParametersJson() =>
        JsonSerializer.Serialize(Parameters.ToDictionary(p => p.Name, p => p.Default));

    /// <summary>The stored parameters over the defaults; unknown or unreadable stored values fall back to the default.</summary>
    public IReadOnlyDictionary<string, double> Read(string json)
    {
        var values = Parameters.ToDictionary(p => p.Name, p => p.Default);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (values.ContainsKey(property.Name) && property.Value.ValueKind == JsonValueKind.Number)
                    {
                        values[property.Name] = property.Value.GetDouble();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A hand-edited row that is not JSON: the defaults apply until it is saved again through the API.
        }

        return values;
    }

    /// <summary>Checks a (partial) parameter object; errors are keyed <c>parameters.&lt;name&gt;</c>.</summary>
    public Dictionary<string, string[]> Validate(JsonElement parameters, IDictionary<string, double> merged)
    {
        var errors = new Dictionary<string, string[]>();
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            errors["parameters"] = ["parameters must be a JSON object."];
            return errors;
        }

        foreach (var property in parameters.EnumerateObject())
        {
            var field = "parameters." + property.Name;
            var spec = Parameters.FirstOrDefault(p => p.Name == property.Name);
            if (spec is null)
            {
                errors[field] = [$"unknown parameter for {Kind}; known: {string.Join(", ", Parameters.Select(p => p.Name))}."];
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var value))
            {
                errors[field] = [$"{property.Name} must be a number."];
                continue;
            }

            if (spec.Integer && value != Math.Floor(value))
            {
                errors[field] = [$"{property.Name} must be a whole number."];
                continue;
            }

            if (value < spec.Min || value > spec.Max)
            {
                errors[field] = [$"{property.Name} must be between {Format(spec.Min)} and {Format(spec.Max)}."];
                continue;
            }

            merged[property.Name] = value;
        }

        if (errors.Count == 0 && Kind == AlertRuleKinds.ProviderSyncAnomaly
            && merged[AlertRuleKinds.MinBaselineSyncs] > merged[AlertRuleKinds.BaselineSyncs])
        {
            errors["parameters." + AlertRuleKinds.MinBaselineSyncs] = [$"{AlertRuleKinds.MinBaselineSyncs} must not exceed {AlertRuleKinds.BaselineSyncs}."];
        }

        return errors;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The rule kinds and their defaults (Features/Alerts/README.md explains each).</summary>
public static class AlertRuleKinds
{
    public const string ProviderSyncFailures = "provider_sync_failures";
    public const string ProviderSyncAnomaly = "provider_sync_anomaly";
    public const string DeadStreamShare = "dead_stream_share";
    public const string ChannelQualityDrop = "channel_quality_drop";

    public const string ConsecutiveFailures = "consecutive_failures";
    public const string Factor = "factor";
    public const string BaselineSyncs = "baseline_syncs";
    public const string MinBaselineSyncs = "min_baseline_syncs";
    public const string MinDurationSeconds = "min_duration_seconds";
    public const string MinErrors = "min_errors";
    public const string MaxDeadPercent = "max_dead_percent";
    public const string MinCheckedStreams = "min_checked_streams";
    public const string MinTierDrop = "min_tier_drop";
    public const string LookbackHours = "lookback_hours";

    public static readonly IReadOnlyList<AlertRuleKind> All =
    [
        new(ProviderSyncFailures, "critical", "A provider's last syncs all failed (or were rejected).",
        [
            new(ConsecutiveFailures, 3, 1, 100, true, "failed syncs in a row that open an incident"),
        ]),
        new(ProviderSyncAnomaly, "warning", "A provider's latest sync took far longer, or reported far more errors, than its usual successful syncs.",
        [
            new(Factor, 3, 1.5, 100, false, "latest above median of the baseline times this factor"),
            new(BaselineSyncs, 10, 3, 100, true, "previous successful syncs the median is taken over"),
            new(MinBaselineSyncs, 3, 1, 100, true, "successful syncs needed before the rule judges"),
            new(MinDurationSeconds, 60, 0, 86400, false, "a duration below this is never an anomaly"),
            new(MinErrors, 10, 0, 1_000_000, true, "an error count below this is never an anomaly"),
        ]),
        new(DeadStreamShare, "critical", "The share of dead streams among the checked live streams is above the threshold.",
        [
            new(MaxDeadPercent, 20, 1, 100, false, "dead share in percent above which the incident opens"),
            new(MinCheckedStreams, 10, 1, 10_000_000, true, "checked streams needed before the rule judges"),
        ]),
        new(ChannelQualityDrop, "warning", "A channel's best stream fell by at least a quality tier between its last two samples.",
        [
            new(MinTierDrop, 1, 1, 6, true, "tiers (SD, HD, FHD, QHD, 4K, 8K) the score must fall"),
            new(LookbackHours, 6, 1, 168, true, "only samples this recent are compared"),
        ]),
    ];

    public static AlertRuleKind? Find(string kind) => All.FirstOrDefault(k => k.Kind == kind);
}
