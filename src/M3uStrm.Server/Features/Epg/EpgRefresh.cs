using System.Text.Json;
using System.Text.RegularExpressions;
using M3uStrm.Formats;
using M3uStrm.Formats.Xmltv;
using M3uStrm.Server.Data;
using M3uStrm.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Epg;

public static class EpgRefreshStatus
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>The guide was read but would have emptied the source (nothing in the window): nothing changed.</summary>
    public const string Rejected = "rejected";
}

public sealed record EpgRefreshOutcome(string Status, int Channels, int Programmes, int Skipped, IReadOnlyList<FormatProblem> Problems,
    double DurationSeconds, EpgMappingStats? Mapping)
{
    public string Summary => Status == EpgRefreshStatus.Succeeded
        ? $"{Channels} channels, {Programmes} programmes kept, {Skipped} outside the window; {Problems.Count} problem(s); {DurationSeconds:F2}s"
        : $"{Status}: {(Problems.Count > 0 ? Problems[0].Message : "")}";
}

/// <summary>The source could not deliver a guide; nothing of the source's data changes.</summary>
internal class EpgFetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Refreshes one source: downloads the guide to a temporary file (network time never holds a database lock),
/// then streams it (no DOM) into epg_channels and programmes, replacing the source's programmes in one
/// transaction and keeping only the configured window. A failed download, a document that is not XMLTV or not
/// well-formed, or an answer that would leave the source without programmes changes nothing but the refresh log.
/// Afterwards the automatic channel mapping runs.
/// </summary>
internal sealed partial class EpgRefresh(
    AppDbContext db,
    BulkWriter bulk,
    EpgSecrets secrets,
    EpgMapper mapper,
    IHttpClientFactory httpFactory,
    IOptionsMonitor<EpgOptions> options,
    IOptions<ServerOptions> server,
    TimeProvider time,
    ILogger<EpgRefresh> logger)
{
    public const string HttpClientName = "epg";
    private const int Batch = 5000;

    public async Task<EpgRefreshOutcome> RunAsync(long sourceId, Func<string, Task>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var source = await db.Set<EpgSource>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
            ?? throw new InvalidOperationException($"EPG source {sourceId} does not exist.");
        var now = time.GetUtcNow().UtcDateTime;
        var problems = new List<FormatProblem>();
        string? download = null;
        Counts counts;
        try
        {
            string path;
            if (source.Kind == EpgSourceKinds.File)
            {
                path = Path.Combine(server.Value.FullDataDirectory, source.FilePath ?? "");
                if (source.FilePath is null || !File.Exists(path))
                {
                    throw new EpgFetchException("The uploaded guide file is missing.");
                }
            }
            else
            {
                await Report(progress, "downloading");
                path = download = await DownloadAsync(source, cancellationToken);
            }

            await Report(progress, "reading the guide and writing programmes");
            counts = await IngestAsync(source, path, problems, now, cancellationToken);
        }
        catch (EpgFetchException ex)
        {
            logger.LogError("Refresh of EPG source {SourceId} ({Source}) {Status}: {Reason}", source.Id, source.Name, ex is RejectedException ? "rejected" : "failed", ex.Message);
            problems.Insert(0, new FormatProblem(0, ex is RejectedException ? "rejected" : "fetch", ex.Message));
            return await FinishAsync(source.Id, ex is RejectedException ? EpgRefreshStatus.Rejected : EpgRefreshStatus.Failed,
                new Counts(0, 0, 0), problems, started, null, cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            logger.LogError(ex, "Refresh of EPG source {SourceId} ({Source}) failed while writing; the previous programmes are kept", source.Id, source.Name);
            problems.Insert(0, new FormatProblem(0, "write", ex.Message));
            return await FinishAsync(source.Id, EpgRefreshStatus.Failed, new Counts(0, 0, 0), problems, started, null, cancellationToken);
        }
        finally
        {
            if (download is not null)
            {
                File.Delete(download);
            }
        }

        await Report(progress, "mapping channels");
        var mapping = await mapper.AutoMapAsync(cancellationToken);
        var outcome = await FinishAsync(source.Id, EpgRefreshStatus.Succeeded, counts, problems, started, mapping, cancellationToken);
        logger.LogInformation("Refreshed EPG source {SourceId} ({Source}): {Summary}", source.Id, source.Name, outcome.Summary);
        return outcome;
    }

    private static Task Report(Func<string, Task>? progress, string text) => progress is null ? Task.CompletedTask : progress(text);

    private sealed record Counts(int Channels, int Programmes, int Skipped);

    private sealed class RejectedException(string message) : EpgFetchException(message);

    private async Task<string> DownloadAsync(EpgSource source, CancellationToken cancellationToken)
    {
        var url = secrets.Unprotect(source.UrlProtected) ?? throw new EpgFetchException("The source has no URL.");
        var folder = Path.Combine(server.Value.FullDataDirectory, "tmp");
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, $"epg-{source.Id}-{Guid.NewGuid():N}.xml");
        var limit = options.CurrentValue.MaxDownloadMegabytes * 1024L * 1024L;
        try
        {
            var http = httpFactory.CreateClient(HttpClientName);
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new EpgFetchException($"The source answered HTTP {(int)response.StatusCode} {response.StatusCode}.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var file = File.Create(target);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    throw new EpgFetchException($"The guide is larger than Epg:MaxDownloadMegabytes ({options.CurrentValue.MaxDownloadMegabytes} MB).");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return target;
        }
        catch (Exception ex) when (ex is not EpgFetchException)
        {
            File.Delete(target);
            throw ex switch
            {
                OperationCanceledException when cancellationToken.IsCancellationRequested => ex,
                Polly.Timeout.TimeoutRejectedException or OperationCanceledException => new EpgFetchException("The source did not answer in time.", ex),
                HttpRequestException or IOException => new EpgFetchException($"The source could not be read: {EpgSecrets.Mask(ex.Message)}", ex),
                _ => ex,
            };
        }
        catch
        {
            File.Delete(target);
            throw;
        }
    }

    private async Task<Counts> IngestAsync(EpgSource source, string path, List<FormatProblem> problems, DateTime now, CancellationToken cancellationToken)
    {
        var from = now.AddDays(-options.CurrentValue.PastDays);
        var to = now.AddDays(options.CurrentValue.FutureDays);
        var hadProgrammes = await db.Set<Programme>().AnyAsync(p => p.SourceId == source.Id, cancellationToken);
        Counts counts = new(0, 0, 0);
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.Set<Programme>().Where(p => p.SourceId == source.Id).ExecuteDeleteAsync(cancellationToken);
                var channels = await db.Set<EpgChannel>().Where(c => c.SourceId == source.Id)
                    .ToDictionaryAsync(c => c.XmltvId, StringComparer.Ordinal, cancellationToken);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var pendingChannels = false;
                var buffer = new List<Programme>(Batch);
                int kept = 0, skipped = 0;

                await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                var reader = new XmltvReader(file);
                await foreach (var item in reader.ReadAsync(cancellationToken))
                {
                    if (item is XmltvChannel channel)
                    {
                        if (channel.Id.Length is 0 or > 300)
                        {
                            problems.Add(new FormatProblem(channel.Line, "channel-id", "A channel id is empty or longer than 300 characters; the channel is skipped."));
                            continue;
                        }

                        seen.Add(channel.Id);
                        if (!channels.TryGetValue(channel.Id, out var row))
                        {
                            channels[channel.Id] = row = new EpgChannel { SourceId = source.Id, XmltvId = channel.Id };
                            db.Add(row);
                            pendingChannels = true;
                        }

                        var names = channel.DisplayNames.Select(n => n.Text.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                        row.DisplayName = Cut(names.FirstOrDefault() ?? channel.Id, 500);
                        row.DisplayNames = Cut(string.Join('\u001f', names), 2000);
                        row.Icon = Cut(channel.Icons.Count > 0 ? channel.Icons[0].Src : null, 2000);
                        row.LastSeenAt = now;
                        continue;
                    }

                    if (item is not XmltvProgramme programme)
                    {
                        continue;
                    }

                    var start = programme.Start.UtcDateTime;
                    var stop = programme.Stop?.UtcDateTime;
                    if ((stop ?? start) < from || start > to || programme.Channel.Length is 0 or > 300)
                    {
                        skipped++;
                        continue;
                    }

                    if (!channels.TryGetValue(programme.Channel, out var owner))
                    {
                        // Guides in the wild reference channels they never declare; the programmes still count.
                        channels[programme.Channel] = owner = new EpgChannel
                        {
                            SourceId = source.Id,
                            XmltvId = programme.Channel,
                            DisplayName = Cut(programme.Channel, 500),
                            DisplayNames = Cut(programme.Channel, 2000),
                            LastSeenAt = now,
                        };
                        db.Add(owner);
                        pendingChannels = true;
                    }

                    seen.Add(programme.Channel);
                    if (pendingChannels)
                    {
                        await db.SaveChangesAsync(cancellationToken);
                        pendingChannels = false;
                    }

                    buffer.Add(ToRow(source.Id, owner.Id, programme, start, stop));
                    kept++;
                    if (buffer.Count == Batch)
                    {
                        await bulk.InsertAsync(buffer, withKeys: false, cancellationToken);
                        buffer.Clear();
                    }
                }

                await bulk.InsertAsync(buffer, withKeys: false, cancellationToken);
                problems.AddRange(reader.Problems.Take(200));
                if (reader.Problems.FirstOrDefault(p => p.Code == "not-well-formed") is { } broken)
                {
                    throw new EpgFetchException($"The guide is not well-formed XML (line {broken.Line}); nothing was changed. {broken.Message}");
                }

                if (seen.Count == 0)
                {
                    throw new EpgFetchException("The answer is not an XMLTV guide (no channels and no programmes; an HTML page?); nothing was changed.");
                }

                if (kept == 0 && hadProgrammes)
                {
                    throw new RejectedException($"The guide has no programmes between {from:u} and {to:u}; the previous programmes are kept.");
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                counts = new Counts(seen.Count, kept, skipped);
            });
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return counts;
    }

    private static Programme ToRow(long sourceId, long channelId, XmltvProgramme p, DateTime start, DateTime? stop)
    {
        var categories = p.Categories.Select(c => c.Text.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var xmltvNs = p.XmltvNs?.Trim();
        return new Programme
        {
            SourceId = sourceId,
            EpgChannelId = channelId,
            Start = start,
            Stop = stop,
            Title = Cut(p.Titles.FirstOrDefault(t => t.Text.Trim().Length > 0)?.Text.Trim(), 1000) ?? "",
            SubTitle = Cut(Text(p.SubTitles), 1000),
            Description = Text(p.Descriptions),
            Categories = categories.Count == 0 ? null : Cut(string.Join('\u001f', categories), 1000),
            // Only episode numbers of the documented shape are kept, so the output stays valid.
            EpisodeXmltvNs = xmltvNs is { Length: > 0 and <= 100 } && XmltvNsShape().IsMatch(xmltvNs) ? xmltvNs : null,
            EpisodeOnScreen = Cut(p.OnScreen?.Trim() is { Length: > 0 } s ? s : null, 100),
            Icon = Cut(p.Icons.Count > 0 ? p.Icons[0].Src : null, 2000),
            Lang = Cut(p.Titles.Count > 0 ? p.Titles[0].Lang : null, 16),
            PreviouslyShown = p.PreviouslyShown,
            IsNew = p.IsNew,
        };
    }

    private static string? Text(IReadOnlyList<XmltvText> texts) => texts.Select(t => t.Text.Trim()).FirstOrDefault(t => t.Length > 0);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private static string? Cut(string? text, int length) => text is null ? null : text.Length > length ? text[..length] : text;

    [GeneratedRegex(@"^\s*\d*(\s*/\s*\d+)?\s*\.\s*\d*(\s*/\s*\d+)?\s*\.\s*\d*(\s*/\s*\d+)?\s*$")]
    internal static partial Regex XmltvNsShape();

    private async Task<EpgRefreshOutcome> FinishAsync(long sourceId, string status, Counts counts, List<FormatProblem> problems, long started,
        EpgMappingStats? mapping, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var duration = time.GetElapsedTime(started).TotalSeconds;
        var outcome = new EpgRefreshOutcome(status, counts.Channels, counts.Programmes, counts.Skipped, problems, duration, mapping);
        var source = await db.Set<EpgSource>().FirstAsync(s => s.Id == sourceId, cancellationToken);
        source.LastRefreshAt = now;
        source.LastRefreshStatus = status;
        source.LastRefreshMessage = outcome.Summary.Length > 2000 ? outcome.Summary[..2000] : outcome.Summary;
        if (status == EpgRefreshStatus.Succeeded)
        {
            source.LastSuccessfulRefreshAt = now;
        }

        db.Add(new EpgRefreshLog
        {
            SourceId = sourceId,
            StartedAt = now.AddSeconds(-duration),
            DurationSeconds = Math.Round(duration, 3),
            Status = status,
            ChannelsCount = counts.Channels,
            ProgrammesCount = counts.Programmes,
            ProgrammesSkipped = counts.Skipped,
            ErrorsCount = problems.Count,
            ErrorDetails = JsonSerializer.Serialize(problems.Take(200).Select(p => new { line = p.Line, code = p.Code, message = p.Message })),
        });
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }
}
