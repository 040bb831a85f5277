using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Auth;
using M3uStrm.Server.Features.Providers;
using M3uStrm.Server.Hosting;
using M3uStrm.Server.Hosting.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Channels;

public sealed record ChannelSummary(long Id, string Name, int? Number, string? GroupTitle, string? Logo, string? EpgChannelId, bool Enabled,
    string? Region, string? Variant, int StreamCount, int ActiveStreamCount);

/// <summary>A stream of a channel; SuccessRate (0–1, null before any check), AvgFirstByteMs and RecentFailovers are its
/// reliability over the last Health:ReliabilityWindow checks.</summary>
public sealed record ChannelStreamView(long ProviderStreamId, long ProviderId, string ProviderName, string Name, string Quality, int QualityScore,
    string Status, int Order, bool IsActive, bool Manual, string MergeMethod, double MergeConfidence, bool Removed,
    double? SuccessRate, int? AvgFirstByteMs, int RecentFailovers);

public sealed record ChannelDetail(ChannelSummary Channel, IReadOnlyList<ChannelStreamView> Streams);

public sealed record ChannelUpdate(string? Name, int? Number, string? GroupTitle, string? Logo, string? EpgChannelId, bool? Enabled);

public sealed record ChannelMergeRequest(long? SourceChannelId);

public sealed record ChannelSplitRequest(IReadOnlyList<long>? ProviderStreamIds, string? Name);

public sealed record StreamOrderRequest(IReadOnlyList<long>? ProviderStreamIds);

/// <summary>Admin API over merged channels; every manual edit is remembered so a sync never undoes it.</summary>
public static class ChannelsEndpoints
{
    public static WebApplicationBuilder AddChannels(this WebApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/channels").WithTags("Channels").RequireAuthorization(AuthSetup.AdminPolicy);
        group.MapGet("/", List);
        group.MapGet("/{id:long}", Get);
        group.MapPut("/{id:long}", Update);
        group.MapPost("/{id:long}/merge", Merge);
        group.MapPost("/{id:long}/split", Split);
        group.MapPut("/{id:long}/streams/order", Reorder);
        return app;
    }

    internal static async Task<Results<Ok<Paged<ChannelSummary>>, ValidationProblem>> List(
        AppDbContext db, string? search = null, string? group = null, bool? enabled = null, int page = 1, int page_size = 100, CancellationToken cancellationToken = default)
    {
        if (ApiProblems.CheckPaging(page, page_size, 1000) is { } problem)
        {
            return problem;
        }

        var query = db.Set<Channel>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            // ToLower().Contains translates to SQL on both providers; the StringComparison overload does not.
#pragma warning disable CA1862
            query = query.Where(c => c.Name.ToLower().Contains(term) || c.NormalizedName.Contains(term) || (c.EpgChannelId != null && c.EpgChannelId.ToLower().Contains(term)));
#pragma warning restore CA1862
        }

        if (group is not null)
        {
            query = query.Where(c => c.GroupTitle == group);
        }

        if (enabled is { } e)
        {
            query = query.Where(c => c.Enabled == e);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await Summaries(db, query.OrderBy(c => c.Number == null).ThenBy(c => c.Number).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Skip((page - 1) * page_size).Take(page_size)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<ChannelSummary>(items, total, page, page_size));
    }

    private static IQueryable<ChannelSummary> Summaries(AppDbContext db, IQueryable<Channel> channels) =>
        channels.Select(c => new ChannelSummary(c.Id, c.Name, c.Number, c.GroupTitle, c.Logo, c.EpgChannelId, c.Enabled, c.Region, c.Variant,
            db.Set<ChannelStream>().Count(cs => cs.ChannelId == c.Id),
            db.Set<ChannelStream>().Count(cs => cs.ChannelId == c.Id && cs.IsActive)));

    internal static async Task<Results<Ok<ChannelDetail>, ProblemHttpResult>> Get(long id, AppDbContext db, CancellationToken cancellationToken)
    {
        var summary = await Summaries(db, db.Set<Channel>().Where(c => c.Id == id)).FirstOrDefaultAsync(cancellationToken);
        if (summary is null)
        {
            return ApiProblems.NotFound("Channel");
        }

        var streams = await (
            from cs in db.Set<ChannelStream>()
            join s in db.Set<ProviderStream>() on cs.ProviderStreamId equals s.Id
            join p in db.Set<Provider>() on s.ProviderId equals p.Id
            where cs.ChannelId == id
            orderby cs.Order, cs.Id
            select new ChannelStreamView(s.Id, p.Id, p.Name, s.Name, s.Quality, s.QualityScore, s.Status, cs.Order, cs.IsActive, cs.Manual,
                cs.MergeMethod, cs.MergeConfidence, s.RemovedAt != null, s.SuccessRate, s.AvgFirstByteMs, s.RecentFailovers)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ChannelDetail(summary, streams));
    }

    internal static async Task<Results<Ok<ChannelDetail>, ValidationProblem, ProblemHttpResult>> Update(
        long id, ChannelUpdate request, AppDbContext db, IAuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var channel = await db.Set<Channel>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return ApiProblems.NotFound("Channel");
        }

        if (request.Name is { } name && (name.Trim().Length == 0 || name.Length > 500))
        {
            return ApiProblems.Validation("name", "name must be 1 to 500 characters.");
        }

        if (request.Number is < 0 or > 99999)
        {
            return ApiProblems.Validation("number", "number must be between 0 and 99999.");
        }

        var changes = new List<string>();
        if (request.Name is not null)
        {
            channel.Name = request.Name.Trim();
            channel.NameLocked = true;
            changes.Add("name");
        }

        if (request.Number is not null)
        {
            channel.Number = request.Number;
            channel.NumberLocked = true;
            changes.Add("number");
        }

        if (request.GroupTitle is not null)
        {
            channel.GroupTitle = request.GroupTitle.Length == 0 ? null : request.GroupTitle;
            channel.GroupLocked = true;
            changes.Add("group");
        }

        if (request.Logo is not null)
        {
            channel.Logo = request.Logo.Length == 0 ? null : request.Logo;
            channel.LogoLocked = true;
            changes.Add("logo");
        }

        if (request.EpgChannelId is not null)
        {
            channel.EpgChannelId = request.EpgChannelId.Length == 0 ? null : request.EpgChannelId;
            channel.EpgLocked = true;
            changes.Add("epg");
        }

        if (request.Enabled is { } enabled)
        {
            channel.Enabled = enabled;
            changes.Add(enabled ? "enabled" : "disabled");
        }

        channel.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Add("channel.update", "channel", id.ToString(), string.Join(", ", changes));
        await db.SaveChangesAsync(cancellationToken);
        return (await Get(id, db, cancellationToken)).Result switch
        {
            Ok<ChannelDetail> ok => ok,
            _ => ApiProblems.NotFound("Channel"),
        };
    }

    internal static async Task<Results<Ok<ChannelDetail>, ValidationProblem, ProblemHttpResult>> Merge(
        long id, ChannelMergeRequest request, AppDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        if (request.SourceChannelId is not { } sourceId || sourceId == id)
        {
            return ApiProblems.Validation("source_channel_id", "source_channel_id must name another channel.");
        }

        var ids = new[] { id, sourceId };
        var found = await db.Set<Channel>().CountAsync(c => ids.Contains(c.Id), cancellationToken);
        if (found != 2)
        {
            return ApiProblems.NotFound("Channel");
        }

        var offset = await db.Set<ChannelStream>().Where(cs => cs.ChannelId == id).Select(cs => (int?)cs.Order).MaxAsync(cancellationToken) ?? -1;
        var links = await db.Set<ChannelStream>().Where(cs => cs.ChannelId == id || cs.ChannelId == sourceId).ToListAsync(cancellationToken);
        foreach (var link in links)
        {
            link.Manual = true;
            if (link.ChannelId == sourceId)
            {
                link.ChannelId = id;
                link.Order += offset + 1;
                link.MergeMethod = "manual_merge";
                link.MergeConfidence = 100;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.Set<Channel>().Where(c => c.Id == sourceId).ExecuteDeleteAsync(cancellationToken);
        audit.Add("channel.merge", "channel", id.ToString(), $"merged channel {sourceId}");
        await db.SaveChangesAsync(cancellationToken);
        return (await Get(id, db, cancellationToken)).Result is Ok<ChannelDetail> ok ? ok : ApiProblems.NotFound("Channel");
    }

    internal static async Task<Results<Created<ChannelDetail>, ValidationProblem, ProblemHttpResult>> Split(
        long id, ChannelSplitRequest request, AppDbContext db, IAuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var channel = await db.Set<Channel>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return ApiProblems.NotFound("Channel");
        }

        var streamIds = request.ProviderStreamIds ?? [];
        var links = await db.Set<ChannelStream>().Where(cs => cs.ChannelId == id).ToListAsync(cancellationToken);
        var moving = links.Where(l => streamIds.Contains(l.ProviderStreamId)).ToList();
        if (streamIds.Count == 0 || moving.Count != streamIds.Distinct().Count())
        {
            return ApiProblems.Validation("provider_stream_ids", "provider_stream_ids must list streams of this channel.");
        }

        if (moving.Count == links.Count)
        {
            return ApiProblems.Validation("provider_stream_ids", "at least one stream must stay in the channel.");
        }

        var firstName = await db.Set<ProviderStream>().Where(s => s.Id == moving[0].ProviderStreamId).Select(s => s.Name).FirstAsync(cancellationToken);
        var identity = ChannelNames.Identify(request.Name ?? firstName);
        var now = time.GetUtcNow().UtcDateTime;
        var created = new Channel
        {
            Name = string.IsNullOrWhiteSpace(request.Name) ? identity.DisplayName : request.Name.Trim(),
            NormalizedName = identity.NormalizedName,
            Region = identity.Region,
            Variant = identity.Variant,
            GroupTitle = channel.GroupTitle,
            Logo = channel.Logo,
            NameLocked = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        var order = 0;
        foreach (var link in moving.OrderBy(l => l.Order))
        {
            link.ChannelId = created.Id;
            link.Order = order++;
            link.Manual = true;
            link.MergeMethod = "manual_split";
            link.MergeConfidence = 100;
        }

        audit.Add("channel.split", "channel", id.ToString(), $"{moving.Count} stream(s) into channel {created.Id}");
        await db.SaveChangesAsync(cancellationToken);
        return (await Get(created.Id, db, cancellationToken)).Result is Ok<ChannelDetail> ok
            ? TypedResults.Created($"/api/admin/channels/{created.Id}", ok.Value)
            : ApiProblems.NotFound("Channel");
    }

    internal static async Task<Results<Ok<ChannelDetail>, ValidationProblem, ProblemHttpResult>> Reorder(
        long id, StreamOrderRequest request, AppDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var links = await db.Set<ChannelStream>().Where(cs => cs.ChannelId == id).ToListAsync(cancellationToken);
        if (links.Count == 0)
        {
            return ApiProblems.NotFound("Channel");
        }

        var order = request.ProviderStreamIds ?? [];
        if (order.Count != links.Count || !links.All(l => order.Contains(l.ProviderStreamId)))
        {
            return ApiProblems.Validation("provider_stream_ids", "provider_stream_ids must list every stream of the channel exactly once, in the wanted order.");
        }

        foreach (var link in links)
        {
            link.Order = order.ToList().IndexOf(link.ProviderStreamId);
            link.Manual = true;
        }

        audit.Add("channel.reorder", "channel", id.ToString(), string.Join(",", order));
        await db.SaveChangesAsync(cancellationToken);
        return (await Get(id, db, cancellationToken)).Result is Ok<ChannelDetail> ok ? ok : ApiProblems.NotFound("Channel");
    }
}
