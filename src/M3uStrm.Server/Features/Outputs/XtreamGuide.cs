using System.Globalization;
using System.Text;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Epg;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Outputs;

/// <summary>
/// <c>get_short_epg</c> (what is on now and next) and <c>get_simple_data_table</c> (the whole stored guide of a
/// channel) from our programmes, through the channel's guide mapping and its shift, as the XMLTV output does.
/// Times are UTC (the auth answer says <c>timezone: UTC</c>); a programme without a stop ends when the next starts.
/// </summary>
internal sealed class XtreamGuide(AppDbContext db, OutputCatalog catalog, TimeProvider time)
{
    private static readonly XtreamEpgAnswer Empty = new([]);

    private sealed record Row(long Id, DateTime Start, DateTime? Stop, string Title, string? Description, string? Lang);

    public async Task<XtreamEpgAnswer> ShortAsync(long channelId, int limit, CancellationToken cancellationToken)
    {
        if (await MappingAsync(channelId, cancellationToken) is not { } m)
        {
            return Empty;
        }

        var guideNow = time.GetUtcNow().UtcDateTime - m.Shift;
        var since = guideNow.AddDays(-1);
        var rows = await Rows(Programmes(m.Guide)
                .Where(p => (p.Stop != null && p.Stop > guideNow) || (p.Stop == null && p.Start > since))
                .OrderBy(p => p.Start).Take(limit + 1))
            .ToListAsync(cancellationToken);
        var listings = Listings(rows, m, guideNow, table: false).Where(l => l.End > guideNow).Take(limit).Select(l => l.Answer).ToList();
        return new XtreamEpgAnswer(listings);
    }

    public async Task<XtreamEpgAnswer> TableAsync(long channelId, int? limit, CancellationToken cancellationToken)
    {
        if (await MappingAsync(channelId, cancellationToken) is not { } m)
        {
            return Empty;
        }

        var guideNow = time.GetUtcNow().UtcDateTime - m.Shift;
        var query = Programmes(m.Guide).OrderBy(p => p.Start);
        var rows = await Rows(limit is { } n ? query.Take(n + 1) : query).ToListAsync(cancellationToken);
        var listings = Listings(rows, m, guideNow, table: true).Select(l => l.Answer);
        return new XtreamEpgAnswer((limit is { } max ? listings.Take(max) : listings).ToList());
    }

    private sealed record Mapped(long Guide, TimeSpan Shift, string ChannelEpgId);

    private async Task<Mapped?> MappingAsync(long channelId, CancellationToken cancellationToken)
    {
        var (exists, epgChannelId) = await catalog.ChannelAsync(channelId, cancellationToken);
        if (!exists)
        {
            return null;
        }

        var mapping = await db.Set<ChannelEpgMapping>().AsNoTracking().Where(m => m.ChannelId == channelId)
            .Select(m => new { m.EpgChannelId, m.ShiftMinutes }).FirstOrDefaultAsync(cancellationToken);
        return mapping is null ? null : new Mapped(mapping.EpgChannelId, TimeSpan.FromMinutes(mapping.ShiftMinutes), EpgIds.Of(channelId, epgChannelId));
    }

    private IQueryable<Programme> Programmes(long guide) => db.Set<Programme>().AsNoTracking().Where(p => p.EpgChannelId == guide);

    private static IQueryable<Row> Rows(IQueryable<Programme> query) => query.Select(p => new Row(p.Id, p.Start, p.Stop, p.Title, p.Description, p.Lang));

    private static IEnumerable<(DateTime End, XtreamListingAnswer Answer)> Listings(List<Row> rows, Mapped m, DateTime guideNow, bool table)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            var p = rows[i];
            // Without a stop the programme runs until the next one; the very last one of the guide gets no length.
            var end = p.Stop ?? (i + 1 < rows.Count ? rows[i + 1].Start : p.Start);
            var (start, stop) = (p.Start + m.Shift, end + m.Shift);
            var nowPlaying = p.Start <= guideNow && end > guideNow;
            yield return (end, new XtreamListingAnswer(
                XtreamCatalog.Text(p.Id),
                XtreamCatalog.Text(m.Guide),
                Base64(p.Title),
                p.Lang ?? "",
                Clock(start),
                table ? Clock(stop) : XtreamCatalog.Unix(stop),
                Base64(p.Description),
                m.ChannelEpgId,
                XtreamCatalog.Unix(start),
                XtreamCatalog.Unix(stop),
                table ? null : Clock(stop),
                table ? (nowPlaying ? 1 : 0) : null,
                table ? 0 : null));
        }
    }

    private static string Clock(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Base64(string? text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text ?? ""));
}
