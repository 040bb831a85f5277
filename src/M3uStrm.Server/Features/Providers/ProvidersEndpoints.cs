using System.Text;
using System.Text.Json;
using M3uStrm.Formats.Xtream;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Auth;
using M3uStrm.Server.Hosting;
using M3uStrm.Server.Hosting.Audit;
using M3uStrm.Server.Hosting.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace M3uStrm.Server.Features.Providers;

/// <summary>Provider CRUD, connection test, manual sync and sync history under <c>/api/admin/providers</c>.</summary>
public static class ProvidersEndpoints
{
    private const long MaxUploadBytes = 512L * 1024 * 1024;

    public static IEndpointRouteBuilder MapProviders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/providers").WithTags("Providers").RequireAuthorization(AuthSetup.AdminPolicy);
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapPost("/upload", Upload).DisableAntiforgery();
        group.MapPost("/test", TestUnsaved);
        group.MapGet("/{id:long}", Get);
        group.MapPut("/{id:long}", Update);
        group.MapPut("/{id:long}/file", ReplaceFile).DisableAntiforgery();
        group.MapDelete("/{id:long}", Delete);
        group.MapPost("/{id:long}/test", Test);
        group.MapPost("/{id:long}/sync", Sync);
        group.MapGet("/{id:long}/syncs", Syncs);

        app.MapGet("/api/analytics/admin/providers/performance", Performance)
            .WithTags("Analytics").RequireAuthorization(AuthSetup.AdminPolicy);
        return app;
    }

    internal static async Task<Ok<List<ProviderResponse>>> List(AppDbContext db, ProviderService service, CancellationToken cancellationToken)
    {
        var providers = await db.Set<Provider>().AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        var result = new List<ProviderResponse>(providers.Count);
        foreach (var provider in providers)
        {
            result.Add(await service.ToResponseAsync(provider, cancellationToken));
        }

        return TypedResults.Ok(result);
    }

    internal static async Task<Results<Ok<ProviderResponse>, ProblemHttpResult>> Get(long id, AppDbContext db, ProviderService service, CancellationToken cancellationToken)
    {
        var provider = await db.Set<Provider>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return provider is null ? ApiProblems.NotFound("Provider") : TypedResults.Ok(await service.ToResponseAsync(provider, cancellationToken));
    }

    internal static async Task<Results<Created<ProviderResponse>, ValidationProblem>> Create(
        ProviderRequest request, ProviderService service, AppDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var errors = ProviderService.Validate(request, null);
        if (errors.Count == 0 && await service.NameTakenAsync(request.Name!, null, cancellationToken))
        {
            errors["name"] = ["a provider with this name already exists."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var provider = await service.SaveAsync(null, request, cancellationToken);
        audit.Add("provider.create", "provider", provider.Id.ToString(), $"name={provider.Name} kind={provider.Kind}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/admin/providers/{provider.Id}", await service.ToResponseAsync(provider, cancellationToken));
    }

    internal static async Task<Results<Created<ProviderResponse>, ValidationProblem>> Upload(
        [FromForm] string? name, IFormFile? file, ProviderService service, AppDbContext db, IAuditTrail audit,
        IOptions<ServerOptions> server, CancellationToken cancellationToken)
    {
        var request = new ProviderRequest(name, ProviderKinds.M3uFile, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        var errors = ProviderService.Validate(request, null, fileUpload: true);
        if (file is null || file.Length == 0)
        {
            errors["file"] = ["file is required (multipart/form-data field 'file')."];
        }
        else if (file.Length > MaxUploadBytes)
        {
            errors["file"] = [$"file must be at most {MaxUploadBytes / 1024 / 1024} MB."];
        }

        if (errors.Count == 0 && await service.NameTakenAsync(name!, null, cancellationToken))
        {
            errors["name"] = ["a provider with this name already exists."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var provider = await service.SaveAsync(null, request, cancellationToken);
        await StoreFileAsync(provider, file!, db, server.Value, cancellationToken);
        audit.Add("provider.create", "provider", provider.Id.ToString(), $"name={provider.Name} kind=m3u_file");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/admin/providers/{provider.Id}", await service.ToResponseAsync(provider, cancellationToken));
    }

    internal static async Task<Results<Ok<ProviderResponse>, ValidationProblem, ProblemHttpResult>> ReplaceFile(
        long id, IFormFile? file, ProviderService service, AppDbContext db, IAuditTrail audit, IOptions<ServerOptions> server, CancellationToken cancellationToken)
    {
        var provider = await db.Set<Provider>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (provider is null)
        {
            return ApiProblems.NotFound("Provider");
        }

        if (provider.Kind != ProviderKinds.M3uFile)
        {
            return ApiProblems.Validation("file", "only m3u_file providers take an uploaded file.");
        }

        if (file is null || file.Length == 0 || file.Length > MaxUploadBytes)
        {
            return ApiProblems.Validation("file", "file is required and must be at most 512 MB.");
        }

        await StoreFileAsync(provider, file, db, server.Value, cancellationToken);
        audit.Add("provider.file", "provider", provider.Id.ToString(), $"{file.Length} bytes");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await service.ToResponseAsync(provider, cancellationToken));
    }

    /// <summary>The upload is written under a name we choose (never the client's file name), then moved into place.</summary>
    private static async Task StoreFileAsync(Provider provider, IFormFile file, AppDbContext db, ServerOptions server, CancellationToken cancellationToken)
    {
        var relative = Path.Combine("uploads", $"provider-{provider.Id}.m3u");
        var target = Path.Combine(server.FullDataDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + ".tmp";
        await using (var output = File.Create(temp))
        {
            await file.CopyToAsync(output, cancellationToken);
        }

        File.Move(temp, target, overwrite: true);
        provider.FilePath = relative;
        await db.SaveChangesAsync(cancellationToken);
    }

    internal static async Task<Results<Ok<ProviderResponse>, ValidationProblem, ProblemHttpResult>> Update(
        long id, ProviderRequest request, ProviderService service, AppDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var provider = await db.Set<Provider>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (provider is null)
        {
            return ApiProblems.NotFound("Provider");
        }

        var errors = ProviderService.Validate(request, provider);
        if (errors.Count == 0 && request.Name is not null && await service.NameTakenAsync(request.Name, id, cancellationToken))
        {
            errors["name"] = ["a provider with this name already exists."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        await service.SaveAsync(provider, request, cancellationToken);
        audit.Add("provider.update", "provider", id.ToString(), request.Password is null ? null : "password changed");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await service.ToResponseAsync(provider, cancellationToken));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        long id, AppDbContext db, ProviderSchedules schedules, IAuditTrail audit, IOptions<ServerOptions> server, CancellationToken cancellationToken)
    {
        var provider = await db.Set<Provider>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (provider is null)
        {
            return ApiProblems.NotFound("Provider");
        }

        db.Remove(provider);
        audit.Add("provider.delete", "provider", id.ToString(), $"name={provider.Name}");
        await db.SaveChangesAsync(cancellationToken);
        await schedules.RemoveAsync(id, cancellationToken);
        if (provider.FilePath is not null)
        {
            File.Delete(Path.Combine(server.Value.FullDataDirectory, provider.FilePath));
        }

        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<ProviderTestResult>, ProblemHttpResult>> Test(
        long id, AppDbContext db, ProviderFetcher fetcher, XtreamClient xtream, CancellationToken cancellationToken)
    {
        var provider = await db.Set<Provider>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return provider is null ? ApiProblems.NotFound("Provider") : TypedResults.Ok(await ProbeAsync(provider, fetcher, xtream, cancellationToken));
    }

    /// <summary>Tests settings before they are saved (nothing is stored).</summary>
    internal static async Task<Results<Ok<ProviderTestResult>, ValidationProblem>> TestUnsaved(
        ProviderRequest request, ProviderSecrets secrets, ProviderFetcher fetcher, XtreamClient xtream, CancellationToken cancellationToken)
    {
        var errors = ProviderService.Validate(request with { Name = request.Name ?? "test" }, null);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var provider = new Provider
        {
            Name = request.Name ?? "test",
            Kind = request.Kind!,
            UrlProtected = secrets.Protect(request.Url),
            Username = request.Username,
            PasswordProtected = secrets.Protect(request.Password),
            UserAgent = request.UserAgent,
            IncludeGroups = JsonSerializer.Serialize(request.IncludeGroups ?? []),
            ExcludeGroups = JsonSerializer.Serialize(request.ExcludeGroups ?? []),
        };
        return TypedResults.Ok(await ProbeAsync(provider, fetcher, xtream, cancellationToken));
    }

    private static async Task<ProviderTestResult> ProbeAsync(Provider provider, ProviderFetcher fetcher, XtreamClient xtream, CancellationToken cancellationToken)
    {
        // A test reports everything the provider offers, whatever is selected for import.
        provider.ImportLive = provider.ImportVod = provider.ImportSeries = true;
        XtreamAccountInfo? account = null;
        try
        {
            if (provider.Kind == ProviderKinds.Xtream)
            {
                var auth = await xtream.AuthenticateAsync(fetcher.Credentials(provider), cancellationToken);
                var user = auth.UserInfo;
                account = new XtreamAccountInfo(user?.Status, user?.ExpiresAt, user?.MaxConnections, user?.ActiveCons, user?.IsTrial);
            }

            var snapshot = await fetcher.FetchAsync(provider, includeDetails: false, cancellationToken);
            var groups = snapshot.Live.Select(l => l.Group).Concat(snapshot.Vod.Select(v => v.Genre)).Concat(snapshot.Series.Select(s => s.Genre))
                .GroupBy(g => g ?? "").Select(g => new GroupCount(g.Key, g.Count()))
                .OrderByDescending(g => g.Count).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
            var problems = snapshot.Errors.Take(100).Select((e, i) => new Formats.FormatProblem(0, e.Phase, e.Message)).ToList();
            return new ProviderTestResult(true, null, snapshot.Live.Count, snapshot.Vod.Count, snapshot.Series.Count, groups, problems, account);
        }
        catch (Exception ex) when (ex is ProviderFetchException or XtreamAuthenticationException or HttpRequestException or JsonException or IOException or TaskCanceledException)
        {
            return new ProviderTestResult(false, ex is ProviderFetchException ? ex.Message : ProviderSecrets.Mask(ex.Message), 0, 0, 0, [], [], account);
        }
    }

    internal static async Task<Results<Accepted<JobRunAccepted>, ProblemHttpResult>> Sync(
        long id, AppDbContext db, ProviderSchedules schedules, ISchedulerFactory factory, IAuditTrail audit, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var provider = await db.Set<Provider>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (provider is null)
        {
            return ApiProblems.NotFound("Provider");
        }

        await schedules.EnsureAsync(provider, cancellationToken);
        var scheduler = await factory.GetScheduler(cancellationToken);
        var run = await JobQueue.QueueAsync(db, scheduler, time, ProviderSyncJob.KeyOf(id), $"manual:{http.User.Identity?.Name}", cancellationToken,
            beforeSave: r => audit.Add("provider.sync", "provider", id.ToString(), $"run {r.Id}"));
        return TypedResults.Accepted($"/api/admin/jobs/runs/{run.Id}", new JobRunAccepted(run.Id, run.JobKey, run.Status));
    }

    internal static async Task<Results<Ok<Paged<SyncLogResponse>>, ValidationProblem, ProblemHttpResult>> Syncs(
        long id, AppDbContext db, int page = 1, int page_size = 50, CancellationToken cancellationToken = default)
    {
        if (ApiProblems.CheckPaging(page, page_size) is { } problem)
        {
            return problem;
        }

        if (!await db.Set<Provider>().AnyAsync(p => p.Id == id, cancellationToken))
        {
            return ApiProblems.NotFound("Provider");
        }

        var query = db.Set<ProviderPerformanceLog>().AsNoTracking().Where(l => l.ProviderId == id);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id).Skip((page - 1) * page_size).Take(page_size).ToListAsync(cancellationToken);
        var items = rows.Select(l => new SyncLogResponse(l.Id, l.SyncTimestamp, l.Status, l.SyncDurationSeconds, l.ChannelsAdded, l.ChannelsRemoved, l.ChannelsUpdated,
            l.VodAdded, l.VodRemoved, l.VodUpdated, l.SeriesAdded, l.SeriesRemoved, l.SeriesUpdated, l.ErrorsCount,
            JsonDocument.Parse(l.ErrorDetails).RootElement.Clone(), l.DataFreshnessHours)).ToList();
        return TypedResults.Ok(new Paged<SyncLogResponse>(items, total, page, page_size));
    }

    /// <summary>design.md §6: one aggregate query over the window; rows at or after now − days.</summary>
    internal static async Task<IResult> Performance(AppDbContext db, TimeProvider time, int days = 30, string? format = null, CancellationToken cancellationToken = default)
    {
        if (days is < 1 or > 365)
        {
            return ApiProblems.Validation("days", "days must be between 1 and 365.");
        }

        if (format is not (null or "json" or "csv"))
        {
            return ApiProblems.Validation("format", "format must be 'json' or 'csv'.");
        }

        var since = time.GetUtcNow().UtcDateTime.AddDays(-days);
        var rows = await (
            from l in db.Set<ProviderPerformanceLog>()
            join p in db.Set<Provider>() on l.ProviderId equals p.Id
            where l.CreatedAt >= since
            group l by new { l.ProviderId, p.Name } into g
            select new
            {
                g.Key.ProviderId,
                g.Key.Name,
                AvgDuration = g.Average(l => l.SyncDurationSeconds),
                Count = g.Count(),
                Errors = g.Sum(l => l.ErrorsCount),
                AvgFreshness = g.Average(l => l.DataFreshnessHours),
            }).ToListAsync(cancellationToken);
        var result = rows.OrderBy(r => r.ProviderId)
            .Select(r => new ProviderPerformanceRow(r.ProviderId, r.Name, Math.Round(r.AvgDuration, 2), r.Count, r.Errors, Math.Round(r.AvgFreshness ?? 0, 2)))
            .ToList();
        if (format != "csv")
        {
            return TypedResults.Ok(result);
        }

        var csv = new StringBuilder("provider_id,provider_name,avg_sync_duration,sync_count,total_errors,avg_freshness_hours\n");
        foreach (var r in result)
        {
            csv.Append(r.ProviderId).Append(',').Append(ProviderService.CsvEscape(r.ProviderName)).Append(',')
                .Append(ProviderService.Number(r.AvgSyncDuration)).Append(',').Append(r.SyncCount).Append(',')
                .Append(r.TotalErrors).Append(',').Append(ProviderService.Number(r.AvgFreshnessHours)).Append('\n');
        }

        return TypedResults.Text(csv.ToString(), "text/csv; charset=utf-8");
    }
}
