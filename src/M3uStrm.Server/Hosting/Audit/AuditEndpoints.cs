using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Hosting.Audit;

public sealed record AuditLogResponse(long Id, DateTime CreatedAt, Guid? UserId, string Username, string Action, string TargetType, string? TargetId, string? Detail, string? Ip);

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/audit", List).WithTags("Audit").RequireAuthorization(AuthSetup.AdminPolicy);
        return app;
    }

    internal static async Task<Results<Ok<Paged<AuditLogResponse>>, ValidationProblem>> List(
        AppDbContext db, int page = 1, int page_size = 50, string? action = null, CancellationToken cancellationToken = default)
    {
        if (ApiProblems.CheckPaging(page, page_size) is { } problem)
        {
            return problem;
        }

        var query = db.AuditLogs.AsNoTracking();
        if (!string.IsNullOrEmpty(action))
        {
            query = query.Where(a => a.Action == action);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(a => a.Id).Skip((page - 1) * page_size).Take(page_size)
            .Select(a => new AuditLogResponse(a.Id, a.CreatedAt, a.UserId, a.Username, a.Action, a.TargetType, a.TargetId, a.Detail, a.Ip))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<AuditLogResponse>(rows, total, page, page_size));
    }
}
