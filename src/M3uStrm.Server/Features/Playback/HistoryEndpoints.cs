using System.Security.Claims;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Providers;
using M3uStrm.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Playback;

/// <summary>A session a player reports itself (source <c>api</c>): what was watched, and optionally how it ended.</summary>
public sealed record HistoryCreateRequest(long? ChannelId, long? VodItemId, long? EpisodeId, DateTime? StartedAt, DateTime? EndedAt, double? DurationSeconds, bool? Completed, string? Client);

/// <summary>A heartbeat (no fields) or the end of a reported session.</summary>
public sealed record HistoryUpdateRequest(DateTime? EndedAt, double? DurationSeconds, bool? Completed);

public sealed record HistoryItem(
    long Id, long? ChannelId, long? VodItemId, long? EpisodeId, string? Title, long? StreamId, DateTime StartedAt, DateTime LastSeenAt, DateTime? EndedAt,
    double DurationSeconds, bool Completed, long BytesSent, string? Client, string Source);

/// <summary><c>/api/analytics/history</c>: the signed-in user's viewing history, and sessions reported by players.</summary>
internal static class HistoryEndpoints
{
    private static readonly TimeSpan MaxFuture = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxPast = TimeSpan.FromDays(366);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/analytics/history").WithTags("Analytics").RequireAuthorization();
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapPatch("/{id:long}", Update);
    }

    internal static async Task<Results<Ok<Paged<HistoryItem>>, ValidationProblem>> List(
        ClaimsPrincipal user, AppDbContext db, TimeProvider time, int page = 1, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page_size")] int pageSize = 50, CancellationToken cancellationToken = default)
    {
        if (ApiProblems.CheckPaging(page, pageSize, 200) is { } invalid)
        {
            return invalid;
        }

        var userId = UserId(user);
        var query = db.Set<ViewingSession>().AsNoTracking().Where(s => s.UserId == userId);
        var total = await query.CountAsync(cancellationToken);
        var rows = await (
            from s in query
            join c in db.Set<Channel>() on s.ChannelId equals c.Id into channels
            from c in channels.DefaultIfEmpty()
            join v in db.Set<VodItem>() on s.VodItemId equals v.Id into movies
            from v in movies.DefaultIfEmpty()
            join e in db.Set<Episode>() on s.EpisodeId equals e.Id into episodes
            from e in episodes.DefaultIfEmpty()
            orderby s.StartedAt descending, s.Id descending
            select new { Session = s, Channel = c != null ? c.Name : null, Movie = v != null ? v.Title : null, Episode = e != null ? e.Title : null })
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var items = rows.Select(r => View(r.Session, r.Channel ?? r.Movie ?? r.Episode, now)).ToList();
        return TypedResults.Ok(new Paged<HistoryItem>(items, total, page, pageSize));
    }

    internal static async Task<Results<Created<HistoryItem>, ValidationProblem>> Create(
        HistoryCreateRequest request, ClaimsPrincipal user, HttpContext http, AppDbContext db, SessionTracker tracker, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        var targets = new[] { request.ChannelId, request.VodItemId, request.EpisodeId }.Count(v => v is not null);
        if (targets != 1)
        {
            errors["channel_id"] = ["give exactly one of channel_id, vod_item_id and episode_id."];
        }
        else if (request.ChannelId is { } channelId && !await db.Set<Channel>().AnyAsync(c => c.Id == channelId, cancellationToken))
        {
            errors["channel_id"] = ["no channel has this id."];
        }
        else if (request.VodItemId is { } vodId && !await db.Set<VodItem>().AnyAsync(v => v.Id == vodId, cancellationToken))
        {
            errors["vod_item_id"] = ["no movie has this id."];
        }
        else if (request.EpisodeId is { } episodeId && !await db.Set<Episode>().AnyAsync(e => e.Id == episodeId, cancellationToken))
        {
            errors["episode_id"] = ["no episode has this id."];
        }

        var started = (request.StartedAt ?? now).ToUniversalTime();
        if (started > now + MaxFuture || started < now - MaxPast)
        {
            errors["started_at"] = ["started_at must be within the last year and not in the future."];
        }

        CheckEnd(request.EndedAt, request.DurationSeconds, started, now, errors);
        if (request.Client is { Length: > 300 })
        {
            errors["client"] = ["client must be at most 300 characters."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var contentDuration = request.VodItemId is { } movie ? await db.Set<VodItem>().Where(v => v.Id == movie).Select(v => v.DurationSeconds).FirstAsync(cancellationToken)
            : request.EpisodeId is { } episode ? await db.Set<Episode>().Where(e => e.Id == episode).Select(e => e.DurationSeconds).FirstAsync(cancellationToken)
            : null;
        var session = new ViewingSession
        {
            UserId = UserId(user),
            ChannelId = request.ChannelId,
            VodItemId = request.VodItemId,
            EpisodeId = request.EpisodeId,
            StartedAt = started,
            LastSeenAt = started,
            Source = SessionSources.Api,
            Client = request.Client ?? Truncate(http.Request.Headers.UserAgent.ToString()),
            Ip = http.Connection.RemoteIpAddress?.ToString(),
            ContentDurationSeconds = contentDuration,
        };
        Apply(session, request.EndedAt, request.DurationSeconds, request.Completed, now);
        db.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        tracker.NotifyChanged();
        return TypedResults.Created($"/api/analytics/history/{session.Id}", View(session, null, now));
    }

    internal static async Task<Results<Ok<HistoryItem>, ValidationProblem, ProblemHttpResult>> Update(
        long id, HistoryUpdateRequest request, ClaimsPrincipal user, AppDbContext db, SessionTracker tracker, TimeProvider time, CancellationToken cancellationToken)
    {
        var userId = UserId(user);
        var session = await db.Set<ViewingSession>().FirstOrDefaultAsync(s => s.Id == id && s.UserId == userId, cancellationToken);
        if (session is null || session.Source != SessionSources.Api)
        {
            // Another user's session, or one this server records itself, is not the caller's to edit.
            return ApiProblems.NotFound("Session");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        if (session.EndedAt is not null)
        {
            errors["ended_at"] = ["the session has already ended."];
        }

        CheckEnd(request.EndedAt, request.DurationSeconds, session.StartedAt, now, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        Apply(session, request.EndedAt, request.DurationSeconds, request.Completed, now);
        await db.SaveChangesAsync(cancellationToken);
        if (session.EndedAt is not null)
        {
            tracker.NotifyChanged();
        }

        return TypedResults.Ok(View(session, null, now));
    }

    /// <summary>A heartbeat keeps the session alive; an end time or duration ends it (the other one is derived).</summary>
    private static void Apply(ViewingSession session, DateTime? endedAt, double? durationSeconds, bool? completed, DateTime now)
    {
        session.LastSeenAt = now > session.StartedAt ? now : session.StartedAt;
        if (endedAt is null && durationSeconds is null)
        {
            return;
        }

        var duration = durationSeconds ?? (endedAt!.Value.ToUniversalTime() - session.StartedAt).TotalSeconds;
        var end = endedAt?.ToUniversalTime() ?? session.StartedAt.AddSeconds(duration);
        session.EndedAt = end;
        session.LastSeenAt = end;
        session.DurationSeconds = duration;
        session.Completed = completed ?? Completion.Of(session.ChannelId, end, duration, session.ProgrammeEndsAt, session.ContentDurationSeconds);
    }

    private static void CheckEnd(DateTime? endedAt, double? durationSeconds, DateTime started, DateTime now, Dictionary<string, string[]> errors)
    {
        if (durationSeconds is { } d && (d < 0 || d > 7 * 24 * 3600 || double.IsNaN(d)))
        {
            errors["duration_seconds"] = ["duration_seconds must be between 0 and 604800."];
        }

        if (endedAt is { } end && (end.ToUniversalTime() < started || end.ToUniversalTime() > now + MaxFuture))
        {
            errors["ended_at"] = ["ended_at must be after started_at and not in the future."];
        }
    }

    private static HistoryItem View(ViewingSession s, string? title, DateTime now) => new(
        s.Id, s.ChannelId, s.VodItemId, s.EpisodeId, title, s.StreamId, s.StartedAt, s.LastSeenAt, s.EndedAt,
        s.DurationSeconds ?? Math.Max(0, ((s.EndedAt ?? now) - s.StartedAt).TotalSeconds), s.Completed, s.BytesSent, s.Client, s.Source);

    private static Guid UserId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);

    private static string? Truncate(string value) => value.Length == 0 ? null : value.Length <= 300 ? value : value[..300];
}
