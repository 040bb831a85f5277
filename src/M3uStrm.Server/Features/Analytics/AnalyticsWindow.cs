using System.Globalization;
using System.Text;
using M3uStrm.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace M3uStrm.Server.Features.Analytics;

/// <summary>Shared rules of the reports: the window of design.md §6, the session duration rule, and CSV output.</summary>
internal static class AnalyticsWindow
{
    public static ValidationProblem? Check(int days, string? format, int maxDays = 365)
    {
        var errors = new Dictionary<string, string[]>();
        if (days < 1 || days > maxDays)
        {
            errors["days"] = [$"days must be between 1 and {maxDays}."];
        }

        if (format is not (null or "json" or "csv"))
        {
            errors["format"] = ["format must be 'json' or 'csv'."];
        }

        return errors.Count > 0 ? ApiProblems.Validation(errors) : null;
    }

    /// <summary>The window holds rows whose time is at or after now − days.</summary>
    public static DateTime Since(DateTime now, int days) => now.AddDays(-days);

    /// <summary>
    /// Seconds of one session: the reported duration, else <c>ended_at − started_at</c>, else (open) the time elapsed so far.
    /// </summary>
    public static double Seconds(double? durationSeconds, DateTime startedAt, DateTime? endedAt, DateTime now) =>
        durationSeconds ?? Math.Max(0, ((endedAt ?? now) - startedAt).TotalSeconds);

    public static double Round2(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    public static string Csv(string header, IEnumerable<IEnumerable<object?>> rows)
    {
        var csv = new StringBuilder(header).Append('\n');
        foreach (var row in rows)
        {
            var first = true;
            foreach (var cell in row)
            {
                if (!first)
                {
                    csv.Append(',');
                }

                first = false;
                csv.Append(cell switch
                {
                    null => "",
                    string s => Escape(s),
                    double d => d.ToString("0.##", CultureInfo.InvariantCulture),
                    DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
                    bool b => b ? "true" : "false",
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => Escape(cell.ToString() ?? ""),
                });
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }

    public static IResult CsvResult(string header, IEnumerable<IEnumerable<object?>> rows) =>
        TypedResults.Text(Csv(header, rows), "text/csv; charset=utf-8");

    private static string Escape(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
