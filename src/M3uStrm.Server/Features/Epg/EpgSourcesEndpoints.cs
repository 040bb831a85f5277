using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Hosting;
using M3uStrm.Server.Hosting.Audit;
using M3uStrm.Server.Hosting.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Epg;

/// <summary>EPG sources under <c>/api/admin/epg/sources</c>: CRUD, upload, manual refresh and refresh history.</summary>
internal static class EpgSourcesEndpoints
{
    private const long MaxUploadBytes = 1024L * 1024 * 1024;

    public static void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/sources");
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapPost("/upload", Upload).DisableAntiforgery();
        group.MapGet("/{id:long}", Get);
        group.MapPut("/{id:long}", Update);
        group.MapDelete("/{id:long}", Delete);
        group.MapPost("/{id:long}/refresh", Refresh);
        group.MapGet("/{id:long}/refreshes", Refreshes);
    }

    private static IQueryable<EpgSource> Visible(AppDbContext db) => db.Set<EpgSource>().AsNoTracking().Where(s => !s.Dismissed);

    internal static async Task<Ok<List<EpgSourceResponse>>> List(AppDbContext db, CancellationToken cancellationToken)
    {
        var sources = await Visible(db).OrderBy(s => s.Priority).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        var result = new List<EpgSourceResponse>(sources.Count);
        foreach (var source in sources)
        {
            result.Add(await ToResponseAsync(db, source, cancellationToken));
        }

        return TypedResults.Ok(result);
    }

    internal static async Task<Results<Ok<EpgSourceResponse>, ProblemHttpResult>> Get(long id, AppDbContext db, CancellationToken cancellationToken)
    {
        var source = await Visible(db).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return source is null ? ApiProblems.NotFound("EPG source") : TypedResults.Ok(await ToResponseAsync(db, source, cancellationToken));
    }

    internal static async Task<Results<Created<EpgSourceResponse>, ValidationProblem>> Create(
        EpgSourceRequest request, AppDbContext db, EpgSecrets secrets, IAuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(request, creating: true, needsUrl: true);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var source = new EpgSource
        {
            Name = request.Name!.Trim(),
            Kind = EpgSourceKinds.Url,
            Enabled = request.Enabled ?? true,
            Priority = request.Priority ?? 0,
            CreatedAt = now,
            UpdatedAt = now,
        };
        secrets.SetUrl(source, request.Url!);
        db.Add(source);
        await db.SaveChangesAsync(cancellationToken);
        audit.Add("epg_source.create", "epg_source", source.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"name={source.Name} url={source.UrlMasked}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/admin/epg/sources/{source.Id}", await ToResponseAsync(db, source, cancellationToken));
    }

    internal static async Task<Results<Created<EpgSourceResponse>, ValidationProblem>> Upload(
        [FromForm] string? name, IFormFile? file, AppDbContext db, IAuditTrail audit, TimeProvider time, IOptions<ServerOptions> server,
        CancellationToken cancellationToken)
    {
        var errors = Validate(new EpgSourceRequest(name, null, null, null), creating: true, needsUrl: false);
        if (file is null || file.Length == 0)
        {
            errors["file"] = ["file is required (multipart/form-data field 'file')."];
        }
        else if (file.Length > MaxUploadBytes)
        {
            errors["file"] = [$"file must be at most {MaxUploadBytes / 1024 / 1024} MB."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var source = new EpgSource { Name = name!.Trim(), Kind = EpgSourceKinds.File, CreatedAt = now, UpdatedAt = now };
        db.Add(source);
        await db.SaveChangesAsync(cancellationToken);
        // Stored under a name we choose, never the client's; written aside and moved into place.
        var relative = Path.Combine("uploads", $"epg-source-{source.Id}.xml");
        var target = Path.Combine(server.Value.FullDataDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using (var output = File.Create(target + ".tmp"))
        {
            await file!.CopyToAsync(output, cancellationToken);
        }

        File.Move(target + ".tmp", target, overwrite: true);
        source.FilePath = relative;
        audit.Add("epg_source.create", "epg_source", source.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"name={source.Name} file {file.Length} bytes");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/admin/epg/sources/{source.Id}", await ToResponseAsync(db, source, cancellationToken));
    }

    internal static async Task<Results<Ok<EpgSourceResponse>, ValidationProblem, ProblemHttpResult>> Update(
        long id, EpgSourceRequest request, AppDbContext db, EpgSecrets secrets, IAuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var source = await db.Set<EpgSource>().FirstOrDefaultAsync(s => s.Id == id && !s.Dismissed, cancellationToken);
        if (source is null)
        {
            return ApiProblems.NotFound("EPG source");
        }

        var errors = Validate(request, creating: false, needsUrl: false);
        if (request.Url is not null && source.Kind != EpgSourceKinds.Url)
        {
            errors["url"] = ["only sources of kind 'url' take a URL; provider guides follow their provider."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        if (request.Name is not null)
        {
            source.Name = request.Name.Trim();
        }

        if (request.Url is not null)
        {
            secrets.SetUrl(source, request.Url);
        }

        source.Enabled = request.Enabled ?? source.Enabled;
        source.Priority = request.Priority ?? source.Priority;
        source.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Add("epg_source.update", "epg_source", id.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Url is null ? null : "url changed");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ToResponseAsync(db, source, cancellationToken));
    }

    /// <summary>
    /// Removes the source with its guide channels, programmes and the mappings to them. A provider's source is
    /// kept as a dismissed marker (without data), so the provider's next sync does not add it again.
    /// </summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        long id, AppDbContext db, EpgSchedules schedules, IAuditTrail audit, IOptions<ServerOptions> server, CancellationToken cancellationToken)
    {
        var source = await db.Set<EpgSource>().FirstOrDefaultAsync(s => s.Id == id && !s.Dismissed, cancellationToken);
        if (source is null)
        {
            return ApiProblems.NotFound("EPG source");
        }

        audit.Add("epg_source.delete", "epg_source", id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"name={source.Name}");
        if (source.ProviderId is not null)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Set<Programme>().Where(p => p.SourceId == id).ExecuteDeleteAsync(cancellationToken);
            await db.Set<ChannelEpgMapping>().Where(m => db.Set<EpgChannel>().Any(c => c.Id == m.EpgChannelId && c.SourceId == id)).ExecuteDeleteAsync(cancellationToken);
            await db.Set<EpgChannel>().Where(c => c.SourceId == id).ExecuteDeleteAsync(cancellationToken);
            source.Dismissed = true;
            source.Enabled = false;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            db.Remove(source);
            await db.SaveChangesAsync(cancellationToken);
            if (source.FilePath is not null)
            {
                File.Delete(Path.Combine(server.Value.FullDataDirectory, source.FilePath));
            }
        }

        await schedules.RemoveAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Accepted<JobRunAccepted>, ProblemHttpResult>> Refresh(
        long id, AppDbContext db, EpgSchedules schedules, IAuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        if (!await Visible(db).AnyAsync(s => s.Id == id, cancellationToken))
        {
            return ApiProblems.NotFound("EPG source");
        }

        var run = await schedules.TriggerAsync(id, $"manual:{http.User.Identity?.Name}", cancellationToken);
        audit.Add("epg_source.refresh", "epg_source", id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"run {run.Id}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/admin/jobs/runs/{run.Id}", new JobRunAccepted(run.Id, run.JobKey, run.Status));
    }

    internal static async Task<Results<Ok<Paged<EpgRefreshLogResponse>>, ValidationProblem, ProblemHttpResult>> Refreshes(
        long id, AppDbContext db, int page = 1, int page_size = 50, CancellationToken cancellationToken = default)
    {
        if (ApiProblems.CheckPaging(page, page_size) is { } problem)
        {
            return problem;
        }

        if (!await Visible(db).AnyAsync(s => s.Id == id, cancellationToken))
        {
            return ApiProblems.NotFound("EPG source");
        }

        var query = db.Set<EpgRefreshLog>().AsNoTracking().Where(l => l.SourceId == id);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(l => l.Id).Skip((page - 1) * page_size).Take(page_size).ToListAsync(cancellationToken);
        var items = rows.Select(l => new EpgRefreshLogResponse(l.Id, l.StartedAt, l.Status, l.DurationSeconds, l.ChannelsCount, l.ProgrammesCount,
            l.ProgrammesSkipped, l.ErrorsCount, JsonDocument.Parse(l.ErrorDetails).RootElement.Clone())).ToList();
        return TypedResults.Ok(new Paged<EpgRefreshLogResponse>(items, total, page, page_size));
    }

    private static Dictionary<string, string[]> Validate(EpgSourceRequest request, bool creating, bool needsUrl)
    {
        var errors = new Dictionary<string, string[]>();
        if ((creating || request.Name is not null) && (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200))
        {
            errors["name"] = ["name is required and must be at most 200 characters."];
        }

        if ((needsUrl || request.Url is not null)
            && (!Uri.TryCreate(request.Url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || request.Url!.Length > 2000))
        {
            errors["url"] = ["url must be an absolute http(s) URL of at most 2000 characters."];
        }

        if (request.Priority is < -1000 or > 1000)
        {
            errors["priority"] = ["priority must be between -1000 and 1000."];
        }

        return errors;
    }

    private static async Task<EpgSourceResponse> ToResponseAsync(AppDbContext db, EpgSource s, CancellationToken cancellationToken)
    {
        var channels = await db.Set<EpgChannel>().CountAsync(c => c.SourceId == s.Id, cancellationToken);
        var programmes = await db.Set<Programme>().CountAsync(p => p.SourceId == s.Id, cancellationToken);
        return new EpgSourceResponse(s.Id, s.Name, s.Kind, s.UrlMasked, s.ProviderId, s.Enabled, s.Priority, s.LastRefreshAt, s.LastSuccessfulRefreshAt,
            s.LastRefreshStatus, s.LastRefreshMessage, channels, programmes);
    }
}
