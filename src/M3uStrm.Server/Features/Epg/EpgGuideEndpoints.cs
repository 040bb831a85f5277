using System.Globalization;
using System.IO.Compression;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Epg;

/// <summary>The guide for players (<c>/epg/{token}.xml[.gz]</c>) and the programme API for signed-in users.</summary>
internal static class EpgGuideEndpoints
{
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(15);

    public static void Map(IEndpointRouteBuilder app)
    {
        // Players can't sign in: the user's playback token in the URL is the credential.
        app.MapGet("/epg/{token}.xml", (string token, AppDbContext db, EpgGuideWriter writer, CancellationToken ct) => GuideAsync(token, false, db, writer, ct))
            .WithTags("EPG").AllowAnonymous();
        app.MapGet("/epg/{token}.xml.gz", (string token, AppDbContext db, EpgGuideWriter writer, CancellationToken ct) => GuideAsync(token, true, db, writer, ct))
            .WithTags("EPG").AllowAnonymous();
        app.MapGet("/api/channels/{id:long}/programmes", Programmes).WithTags("EPG").RequireAuthorization();
        app.MapGet("/api/epg/now", Now).WithTags("EPG").RequireAuthorization();
    }

    internal static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> GuideAsync(
        string token, bool gzip, AppDbContext db, EpgGuideWriter writer, CancellationToken cancellationToken)
    {
        // An unknown or disabled token learns nothing, not even whether the user exists.
        if (token.Length < 16 || !await db.Users.AnyAsync(u => u.PlaybackToken == token && u.Enabled, cancellationToken))
        {
            return ApiProblems.NotFound("Guide");
        }

        return gzip
            ? TypedResults.Stream(async body =>
            {
                await using var compressed = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true);
                await writer.WriteAsync(compressed, cancellationToken);
            }, "application/gzip", "epg.xml.gz")
            : TypedResults.Stream(body => writer.WriteAsync(body, cancellationToken), "application/xml; charset=utf-8");
    }

    internal static async Task<Results<Ok<ChannelProgrammes>, ValidationProblem, ProblemHttpResult>> Programmes(
        long id, AppDbContext db, TimeProvider time, string? from = null, string? to = null, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var start = ParseTime(from, "from", errors) ?? time.GetUtcNow().UtcDateTime;
        var end = ParseTime(to, "to", errors) ?? start.AddDays(1);
        if (errors.Count == 0 && (end <= start || end - start > MaxRange))
        {
            errors["to"] = ["to must be after from, and at most 15 days after it."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var channel = await db.Set<Channel>().AsNoTracking().Where(c => c.Id == id && c.Enabled).Select(c => new { c.Id, c.EpgChannelId }).FirstOrDefaultAsync(cancellationToken);
        if (channel is null)
        {
            return ApiProblems.NotFound("Channel");
        }

        var mapping = await db.Set<ChannelEpgMapping>().AsNoTracking().FirstOrDefaultAsync(m => m.ChannelId == id, cancellationToken);
        var items = new List<ProgrammeView>();
        if (mapping is not null)
        {
            var shift = TimeSpan.FromMinutes(mapping.ShiftMinutes);
            var (lo, hi) = (start - shift, end - shift);
            var rows = await db.Set<Programme>().AsNoTracking()
                .Where(p => p.EpgChannelId == mapping.EpgChannelId && p.Start < hi && (p.Stop == null ? p.Start >= lo : p.Stop > lo))
                .OrderBy(p => p.Start).ToListAsync(cancellationToken);
            items.AddRange(rows.Select(p => View(p, shift)));
        }

        return TypedResults.Ok(new ChannelProgrammes(id, EpgIds.Of(channel.Id, channel.EpgChannelId), start, end, items));
    }

    /// <summary>What is on now and next on every enabled channel, in channel order, paged.</summary>
    internal static async Task<Results<Ok<Paged<NowNext>>, ValidationProblem>> Now(
        AppDbContext db, TimeProvider time, int page = 1, int page_size = 50, CancellationToken cancellationToken = default)
    {
        if (ApiProblems.CheckPaging(page, page_size) is { } problem)
        {
            return problem;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var channelQuery = db.Set<Channel>().AsNoTracking().Where(c => c.Enabled);
        var total = await channelQuery.CountAsync(cancellationToken);
        var channels = await (from c in channelQuery
                              orderby c.Number, c.Name, c.Id
                              select new
                              {
                                  c.Id,
                                  c.Name,
                                  c.Number,
                                  c.EpgChannelId,
                                  Mapping = db.Set<ChannelEpgMapping>().Where(m => m.ChannelId == c.Id).Select(m => new { m.EpgChannelId, m.ShiftMinutes }).FirstOrDefault(),
                              }).Skip((page - 1) * page_size).Take(page_size).ToListAsync(cancellationToken);
        var guideIds = channels.Where(c => c.Mapping != null).Select(c => c.Mapping!.EpgChannelId).Distinct().ToList();
        var maxShift = TimeSpan.FromMinutes(channels.Select(c => Math.Abs(c.Mapping?.ShiftMinutes ?? 0)).DefaultIfEmpty(0).Max());
        var (lo, hi) = (now - maxShift, now + maxShift + TimeSpan.FromDays(1));
        var programmes = (guideIds.Count == 0
            ? []
            : await db.Set<Programme>().AsNoTracking()
                .Where(p => guideIds.Contains(p.EpgChannelId) && p.Start < hi && (p.Stop == null || p.Stop > lo))
                .OrderBy(p => p.Start).ToListAsync(cancellationToken))
            .ToLookup(p => p.EpgChannelId);
        var items = channels.Select(c =>
        {
            ProgrammeView? current = null, next = null;
            if (c.Mapping is { } m)
            {
                var shift = TimeSpan.FromMinutes(m.ShiftMinutes);
                var list = programmes[m.EpgChannelId].ToList();
                for (var i = 0; i < list.Count; i++)
                {
                    var p = list[i];
                    var startAt = p.Start + shift;
                    var stopAt = (p.Stop ?? (i + 1 < list.Count ? list[i + 1].Start : DateTime.MaxValue - TimeSpan.FromDays(2))) + shift;
                    if (startAt <= now && stopAt > now)
                    {
                        current = View(p, shift);
                    }
                    else if (startAt > now)
                    {
                        next = View(p, shift);
                        break;
                    }
                }
            }

            return new NowNext(c.Id, c.Name, c.Number, EpgIds.Of(c.Id, c.EpgChannelId), current, next);
        }).ToList();
        return TypedResults.Ok(new Paged<NowNext>(items, total, page, page_size));
    }

    private static DateTime? ParseTime(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value.UtcDateTime;
        }

        errors[field] = [$"{field} must be an ISO 8601 date-time (e.g. 2026-11-25T18:00:00Z)."];
        return null;
    }

    private static ProgrammeView View(Programme p, TimeSpan shift) => new(
        p.Start + shift, p.Stop + shift, p.Title, p.SubTitle, p.Description,
        p.Categories?.Split('\u001f') ?? [], p.EpisodeXmltvNs, p.EpisodeOnScreen, p.Icon);
}
