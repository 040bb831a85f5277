using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Hosting;
using M3uStrm.Server.Hosting.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Epg;

/// <summary>Guide channels, channel ↔ guide mappings and the unmapped list under <c>/api/admin/epg</c>.</summary>
internal static class EpgMappingEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/channels", GuideChannels);
        admin.MapGet("/mappings", Mappings);
        admin.MapPut("/mappings/{channelId:long}", SetMapping);
        admin.MapDelete("/mappings/{channelId:long}", DeleteMapping);
        admin.MapPost("/mappings/auto", AutoMap);
        admin.MapGet("/unmapped", Unmapped);
    }

    internal static async Task<Results<Ok<Paged<EpgChannelResponse>>, ValidationProblem>> GuideChannels(
        AppDbContext db, long? source_id = null, string? search = null, int page = 1, int page_size = 100, CancellationToken cancellationToken = default)
    {
        if (ApiProblems.CheckPaging(page, page_size) is { } problem)
        {
            return problem;
        }

        var query = db.Set<EpgChannel>().AsNoTracking().Where(c => db.Set<EpgSource>().Any(s => s.Id == c.SourceId && !s.Dismissed));
        if (source_id is { } sourceId)
        {
            query = query.Where(c => c.SourceId == sourceId);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // ToLower().Contains translates to SQL on both providers.
            query = query.Where(c => c.XmltvId.ToLower().Contains(term) || c.DisplayNames.ToLower().Contains(term));
#pragma warning restore CA1862
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(c => c.DisplayName).ThenBy(c => c.Id).Skip((page - 1) * page_size).Take(page_size)
            .Select(c => new { c.Id, c.SourceId, c.XmltvId, c.DisplayName, c.DisplayNames, c.Icon, Programmes = db.Set<Programme>().Count(p => p.EpgChannelId == c.Id) })
            .ToListAsync(cancellationToken);
        var items = rows.Select(c => new EpgChannelResponse(c.Id, c.SourceId, c.XmltvId, c.DisplayName, c.DisplayNames.Split('\u001f', StringSplitOptions.RemoveEmptyEntries),
            c.Icon, c.Programmes)).ToList();
        return TypedResults.Ok(new Paged<EpgChannelResponse>(items, total, page, page_size));
    }

    private static IQueryable<EpgMappingResponse> MappingQuery(AppDbContext db, long? channelId = null, string? method = null) =>
        from m in db.Set<ChannelEpgMapping>()
        where (channelId == null || m.ChannelId == channelId) && (method == null || m.Method == method)
        join c in db.Set<Channel>() on m.ChannelId equals c.Id
        join g in db.Set<EpgChannel>() on m.EpgChannelId equals g.Id
        orderby c.Number, c.Name, c.Id
        select new EpgMappingResponse(c.Id, c.Name, c.EpgChannelId ?? "", g.Id, g.SourceId, g.XmltvId, g.DisplayName, m.Method, m.Score, m.ShiftMinutes, m.Manual);

    internal static async Task<Results<Ok<Paged<EpgMappingResponse>>, ValidationProblem>> Mappings(
        AppDbContext db, string? method = null, int page = 1, int page_size = 100, CancellationToken cancellationToken = default)
    {
        if (ApiProblems.CheckPaging(page, page_size) is { } problem)
        {
            return problem;
        }

        var query = MappingQuery(db, method: method);
        var total = await query.CountAsync(cancellationToken);
        var items = (await query.Skip((page - 1) * page_size).Take(page_size).ToListAsync(cancellationToken))
            .Select(m => m with { EpgId = EpgIds.Of(m.ChannelId, m.EpgId) }).ToList();
        return TypedResults.Ok(new Paged<EpgMappingResponse>(items, total, page, page_size));
    }

    /// <summary>A manual mapping: wins over the automatic one and survives every refresh.</summary>
    internal static async Task<Results<Ok<EpgMappingResponse>, ValidationProblem, ProblemHttpResult>> SetMapping(
        long channelId, EpgMappingRequest request, AppDbContext db, IAuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await db.Set<Channel>().AnyAsync(c => c.Id == channelId, cancellationToken))
        {
            return ApiProblems.NotFound("Channel");
        }

        if (request.ShiftMinutes is < -1440 or > 1440)
        {
            return ApiProblems.Validation("shift_minutes", "shift_minutes must be between -1440 and 1440.");
        }

        var existing = await db.Set<ChannelEpgMapping>().FirstOrDefaultAsync(m => m.ChannelId == channelId, cancellationToken);
        long? guideId = request.EpgChannelId;
        if (guideId is null && !string.IsNullOrWhiteSpace(request.XmltvId))
        {
            var xmltvId = request.XmltvId.Trim();
            guideId = await (from c in db.Set<EpgChannel>()
                             join s in db.Set<EpgSource>() on c.SourceId equals s.Id
                             where c.XmltvId == xmltvId && !s.Dismissed && (request.SourceId == null || s.Id == request.SourceId)
                             orderby s.Priority, s.Id
                             select (long?)c.Id).FirstOrDefaultAsync(cancellationToken);
            if (guideId is null)
            {
                return ApiProblems.Validation("xmltv_id", "no guide channel with this xmltv_id (in this source_id) exists.");
            }
        }

        if (guideId is null)
        {
            if (existing is null || request.ShiftMinutes is null)
            {
                return ApiProblems.Validation("epg_channel_id", "epg_channel_id or xmltv_id is required (or only shift_minutes, for a channel that is already mapped).");
            }

            guideId = existing.EpgChannelId;
        }
        else if (!await db.Set<EpgChannel>().AnyAsync(c => c.Id == guideId, cancellationToken))
        {
            return ApiProblems.Validation("epg_channel_id", "no guide channel with this id exists.");
        }

        if (existing is null)
        {
            existing = new ChannelEpgMapping { ChannelId = channelId };
            db.Add(existing);
        }

        existing.EpgChannelId = guideId.Value;
        existing.Method = "manual";
        existing.Score = 100;
        existing.Manual = true;
        existing.ShiftMinutes = request.ShiftMinutes ?? existing.ShiftMinutes;
        existing.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Add("epg_mapping.set", "channel", channelId.ToString(System.Globalization.CultureInfo.InvariantCulture), $"guide channel {guideId} shift {existing.ShiftMinutes}");
        await db.SaveChangesAsync(cancellationToken);
        var result = await MappingQuery(db, channelId).FirstAsync(cancellationToken);
        return TypedResults.Ok(result with { EpgId = EpgIds.Of(result.ChannelId, result.EpgId) });
    }

    /// <summary>Drops the mapping (manual or not); the automatic mapping runs again for the channel right away.</summary>
    internal static async Task<Results<Ok<EpgMappingStats>, ProblemHttpResult>> DeleteMapping(
        long channelId, AppDbContext db, EpgMapper mapper, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var deleted = await db.Set<ChannelEpgMapping>().Where(m => m.ChannelId == channelId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return ApiProblems.NotFound("Mapping");
        }

        audit.Add("epg_mapping.delete", "channel", channelId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await mapper.AutoMapAsync(cancellationToken));
    }

    internal static async Task<Ok<EpgMappingStats>> AutoMap(EpgMapper mapper, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mapper.AutoMapAsync(cancellationToken));

    /// <summary>Enabled channels without guide data (no mapping, or a guide channel without programmes), with the best suggestions.</summary>
    internal static async Task<Results<Ok<Paged<UnmappedChannel>>, ValidationProblem>> Unmapped(
        AppDbContext db, EpgMapper mapper, int page = 1, int page_size = 50, CancellationToken cancellationToken = default)
    {
        if (ApiProblems.CheckPaging(page, page_size, 200) is { } problem)
        {
            return problem;
        }

        var query = from c in db.Set<Channel>()
                    where c.Enabled
                    let mapping = db.Set<ChannelEpgMapping>().FirstOrDefault(m => m.ChannelId == c.Id)
                    where mapping == null || !db.Set<Programme>().Any(p => p.EpgChannelId == mapping.EpgChannelId)
                    orderby c.Number, c.Name, c.Id
                    select new { c.Id, c.Name, c.Number, c.GroupTitle, c.EpgChannelId, Mapped = mapping != null };
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.Skip((page - 1) * page_size).Take(page_size).ToListAsync(cancellationToken);
        var suggest = await mapper.SuggesterAsync(3, cancellationToken);
        var items = rows.Select(r => new UnmappedChannel(r.Id, r.Name, r.Number, r.GroupTitle, r.EpgChannelId,
            r.Mapped ? "mapped guide channel has no programmes" : "no guide channel found", suggest(r.Name))).ToList();
        return TypedResults.Ok(new Paged<UnmappedChannel>(items, total, page, page_size));
    }
}
