using System.Security.Claims;
using M3uStrm.Server.Data;

namespace M3uStrm.Server.Hosting.Audit;

/// <summary>Records admin actions in <c>audit_logs</c>, attributing them to the signed-in caller.</summary>
public interface IAuditTrail
{
    /// <summary>Adds the entry to the current unit of work; it is saved with the caller's <c>SaveChangesAsync</c>.</summary>
    void Add(string action, string targetType, string? targetId, string? detail = null);
}

internal sealed class AuditTrail(AppDbContext db, IHttpContextAccessor http, TimeProvider time) : IAuditTrail
{
    public void Add(string action, string targetType, string? targetId, string? detail = null)
    {
        var context = http.HttpContext;
        var user = context?.User;
        _ = Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId);
        db.AuditLogs.Add(new AuditLog
        {
            CreatedAt = time.GetUtcNow().UtcDateTime,
            UserId = userId == Guid.Empty ? null : userId,
            Username = user?.Identity?.Name ?? "system",
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Detail = detail,
            Ip = context?.Connection.RemoteIpAddress?.ToString(),
        });
    }
}

public static class AuditSetup
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<IAuditTrail, AuditTrail>();
        return builder;
    }
}
