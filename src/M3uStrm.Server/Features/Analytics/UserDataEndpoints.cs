using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Auth;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Hosting;
using M3uStrm.Server.Hosting.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Analytics;

public sealed record ExportedAccount(Guid Id, string Username, string? Email, bool Enabled, IReadOnlyList<string> Roles, DateTime CreatedAt, DateTime? LastLoginAt);

public sealed record ExportedSession(
    long Id, long? ChannelId, long? VodItemId, long? EpisodeId, long? StreamId, DateTime StartedAt, DateTime LastSeenAt, DateTime? EndedAt,
    double? DurationSeconds, bool Completed, long BytesSent, string? Client, string? Ip, string Source);

public sealed record UserDataExport(ExportedAccount Account, IReadOnlyList<ExportedSession> Sessions, DateTime ExportedAt);

public sealed record SessionsDeleted(string Mode, int Sessions);

/// <summary>A user's personal data: export (account without secrets, plus sessions) and deletion of the viewing history.</summary>
internal static class UserDataEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/users").WithTags("Users").RequireAuthorization(AuthSetup.AdminPolicy);
        group.MapGet("/{id:guid}/export", Export);
        group.MapDelete("/{id:guid}/sessions", DeleteSessions);
    }

    internal static async Task<Results<Ok<UserDataExport>, ProblemHttpResult>> Export(
        Guid id, AppDbContext db, IAuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return ApiProblems.NotFound("User");
        }

        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == id select r.Name!).ToListAsync(cancellationToken);
        var sessions = await db.Set<ViewingSession>().AsNoTracking().Where(s => s.UserId == id).OrderBy(s => s.StartedAt).ThenBy(s => s.Id)
            .Select(s => new ExportedSession(s.Id, s.ChannelId, s.VodItemId, s.EpisodeId, s.StreamId, s.StartedAt, s.LastSeenAt, s.EndedAt, s.DurationSeconds, s.Completed, s.BytesSent, s.Client, s.Ip, s.Source))
            .ToListAsync(cancellationToken);
        audit.Add("user.export", "user", id.ToString(), $"sessions={sessions.Count}");
        await db.SaveChangesAsync(cancellationToken);
        var account = new ExportedAccount(user.Id, user.UserName ?? "", user.Email, user.Enabled, roles, user.CreatedAt, user.LastLoginAt);
        return TypedResults.Ok(new UserDataExport(account, sessions, time.GetUtcNow().UtcDateTime));
    }

    /// <summary>
    /// <c>mode=delete</c> removes the user's sessions and rollups; <c>mode=anonymise</c> turns them into daily rollups
    /// without a user, so channel totals stay right while nothing ties them to the person.
    /// </summary>
    internal static async Task<Results<Ok<SessionsDeleted>, ValidationProblem, ProblemHttpResult>> DeleteSessions(
        Guid id, AppDbContext db, SessionRollups rollups, IAuditTrail audit, SessionTracker tracker, string? mode = null, CancellationToken cancellationToken = default)
    {
        if (mode is not ("delete" or "anonymise"))
        {
            return ApiProblems.Validation("mode", "mode must be 'delete' or 'anonymise'.");
        }

        if (!await db.Users.AnyAsync(u => u.Id == id, cancellationToken))
        {
            return ApiProblems.NotFound("User");
        }

        int count;
        if (mode == "delete")
        {
            count = await db.Set<ViewingSession>().Where(s => s.UserId == id).ExecuteDeleteAsync(cancellationToken);
            await db.Set<SessionRollup>().Where(r => r.UserId == id).ExecuteDeleteAsync(cancellationToken);
        }
        else
        {
            count = await rollups.RollUpAsync(null, id, anonymise: true, cancellationToken);
            await db.Set<SessionRollup>().Where(r => r.UserId == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.UserId, (Guid?)null), cancellationToken);
        }

        audit.Add("user.sessions." + mode, "user", id.ToString(), $"sessions={count}");
        await db.SaveChangesAsync(cancellationToken);
        tracker.NotifyChanged();
        return TypedResults.Ok(new SessionsDeleted(mode, count));
    }
}
