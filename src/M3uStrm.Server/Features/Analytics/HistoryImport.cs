using System.Globalization;
using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Playback;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Analytics;

public sealed record ImportRejection(int Line, string Reason);

public sealed record ImportReport(int Imported, IReadOnlyList<ImportRejection> Rejected);

/// <summary>
/// Imports viewing history (CSV with a header, or JSON lines) all-or-nothing: every line is checked first, every
/// rejected line is reported with its number and reason, and rows are written in one transaction only when none was
/// rejected. <c>channel</c> is a channel id, a tvg-id or an exact channel name; times are ISO 8601 with an offset;
/// an empty <c>ended_at</c> imports an open session.
/// </summary>
public sealed class HistoryImport(AppDbContext db, BulkWriter bulk, TimeProvider time)
{
    private sealed record Fields(string? Username, string? Channel, string? StartedAt, string? EndedAt, string? DurationSeconds, string? Completed);

    public async Task<ImportReport> ImportAsync(Stream body, bool csv, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.UserName }).ToListAsync(cancellationToken);
        var userIds = users.Where(u => u.UserName != null).ToDictionary(u => u.UserName!, u => u.Id, StringComparer.OrdinalIgnoreCase);
        var channels = await db.Set<Channel>().AsNoTracking().Select(c => new { c.Id, c.Name, c.EpgChannelId }).ToListAsync(cancellationToken);
        var byId = channels.Select(c => c.Id).ToHashSet();
        var byTvgId = channels.Where(c => !string.IsNullOrEmpty(c.EpgChannelId)).GroupBy(c => c.EpgChannelId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(c => c.Id), StringComparer.Ordinal);
        var byName = channels.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(c => c.Id), StringComparer.Ordinal);

        var rows = new List<ViewingSession>();
        var rejected = new List<ImportRejection>();
        using var reader = new StreamReader(body);
        string[]? header = null;
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Fields fields;
            if (csv)
            {
                var cells = SplitCsv(line);
                if (header is null)
                {
                    header = [.. cells.Select(c => c.Trim().ToLowerInvariant())];
                    var missing = new[] { "username", "channel", "started_at" }.Where(c => !header.Contains(c)).ToList();
                    if (missing.Count > 0)
                    {
                        rejected.Add(new ImportRejection(lineNumber, $"the header lacks the column(s) {string.Join(", ", missing)}."));
                        break;
                    }

                    continue;
                }

                string? Cell(string name) => Array.IndexOf(header, name) is var i and >= 0 && i < cells.Count ? Empty(cells[i]) : null;
                fields = new Fields(Cell("username"), Cell("channel"), Cell("started_at"), Cell("ended_at"), Cell("duration_seconds"), Cell("completed"));
            }
            else
            {
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        rejected.Add(new ImportRejection(lineNumber, "the line is not a JSON object."));
                        continue;
                    }

                    string? Prop(string name) => doc.RootElement.TryGetProperty(name, out var v) ? v.ValueKind switch
                    {
                        JsonValueKind.String => Empty(v.GetString()),
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
                        _ => null,
                    } : null;
                    fields = new Fields(Prop("username"), Prop("channel"), Prop("started_at"), Prop("ended_at"), Prop("duration_seconds"), Prop("completed"));
                }
                catch (JsonException)
                {
                    rejected.Add(new ImportRejection(lineNumber, "the line is not valid JSON."));
                    continue;
                }
            }

            var reasons = new List<string>();
            var userId = Guid.Empty;
            if (fields.Username is null || !userIds.TryGetValue(fields.Username, out userId))
            {
                reasons.Add($"unknown user '{fields.Username}'");
            }

            long channelId = 0;
            var channelKnown = fields.Channel is { } ch && (
                (long.TryParse(ch, NumberStyles.None, CultureInfo.InvariantCulture, out channelId) && byId.Contains(channelId))
                || byTvgId.TryGetValue(ch, out channelId)
                || byName.TryGetValue(ch, out channelId));
            if (!channelKnown)
            {
                reasons.Add($"unknown channel '{fields.Channel}'");
            }

            var started = Time(fields.StartedAt);
            if (started is null)
            {
                reasons.Add("started_at is not an ISO 8601 time with an offset");
            }
            else if (started > now)
            {
                reasons.Add("started_at is in the future");
            }

            DateTime? ended = null;
            if (fields.EndedAt is not null)
            {
                ended = Time(fields.EndedAt);
                if (ended is null)
                {
                    reasons.Add("ended_at is not an ISO 8601 time with an offset");
                }
                else if (started is not null && ended < started)
                {
                    reasons.Add("ended_at is before started_at");
                }
                else if (ended > now)
                {
                    reasons.Add("ended_at is in the future");
                }
            }

            double? duration = null;
            if (fields.DurationSeconds is not null)
            {
                if (double.TryParse(fields.DurationSeconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 && double.IsFinite(d))
                {
                    duration = d;
                }
                else
                {
                    reasons.Add("duration_seconds is not a number of seconds ≥ 0");
                }
            }

            var completed = false;
            if (fields.Completed is not null && !TryBool(fields.Completed, out completed))
            {
                reasons.Add("completed is not true/false");
            }

            if (reasons.Count > 0)
            {
                rejected.Add(new ImportRejection(lineNumber, string.Join("; ", reasons) + "."));
                continue;
            }

            if (rejected.Count > 0)
            {
                // Nothing will be written; keep checking lines to report every bad one without holding rows.
                continue;
            }

            var start = started!.Value;
            rows.Add(new ViewingSession
            {
                UserId = userId,
                ChannelId = channelId,
                StartedAt = start,
                // An open imported session was last seen now: the sweeper closes it only if nothing follows.
                LastSeenAt = ended ?? now,
                EndedAt = ended,
                DurationSeconds = duration ?? (ended is { } e ? (e - start).TotalSeconds : null),
                Completed = completed,
                Source = SessionSources.Import,
            });
        }

        if (rejected.Count > 0)
        {
            return new ImportReport(0, rejected);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await bulk.InsertAsync(rows, withKeys: false, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return new ImportReport(rows.Count, []);
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>ISO 8601 with an explicit offset (<c>Z</c> or <c>±hh:mm</c>); local times are ambiguous and refused.</summary>
    private static DateTime? Time(string? value)
    {
        if (value is null || value.Length < 11)
        {
            return null;
        }

        var hasOffset = value.EndsWith('Z') || value.EndsWith('z') || value[^6] is '+' or '-' && value[^3] == ':' || value[^5] is '+' or '-';
        return hasOffset && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.UtcDateTime : null;
    }

    private static bool TryBool(string value, out bool result)
    {
        switch (value.ToLowerInvariant())
        {
            case "true" or "1" or "yes":
                result = true;
                return true;
            case "false" or "0" or "no":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }

    /// <summary>RFC 4180 cells of one line (quoted cells may hold commas and doubled quotes).</summary>
    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
