namespace M3uStrm.Server.Hosting.Jobs;

/// <summary>
/// The Quartz job-store tables, created by our EF migrations (not by Quartz at run time) from the DDL that
/// ships inside the pinned Quartz assembly, so the schema matches the job store that reads it.
/// </summary>
public static class QuartzSchema
{
    public const string TablePrefix = "qrtz_";

    /// <summary>The statements that create the job-store schema for <paramref name="dialect"/> (<c>sqlite</c> or <c>postgres</c>).</summary>
    public static IReadOnlyList<string> Statements(string dialect)
    {
        var assembly = typeof(Quartz.IJob).Assembly;
        var resource = $"Quartz.Impl.AdoJobStore.Schema.create_{dialect}.sql";
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The Quartz assembly has no schema script '{resource}'.");
        using var reader = new StreamReader(stream);
        var statements = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var raw in reader.ReadToEnd().Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line == "--;;")
            {
                Flush();
            }
            else if (!line.TrimStart().StartsWith("--", StringComparison.Ordinal))
            {
                current.AppendLine(line);
            }
        }

        Flush();
        return statements;

        void Flush()
        {
            var statement = current.ToString().Trim()
                .Replace("{0}", TablePrefix, StringComparison.Ordinal)
                .Replace("{1}", TablePrefix, StringComparison.Ordinal);
            if (statement.Length > 0)
            {
                statements.Add(statement);
            }

            current.Clear();
        }
    }
}
