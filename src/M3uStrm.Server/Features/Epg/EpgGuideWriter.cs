using M3uStrm.Formats.Xmltv;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Epg;

/// <summary>
/// Writes the XMLTV guide of the enabled channels, with the ids of <see cref="EpgIds"/>, streamed from the
/// database (one query for channels, one ordered query for programmes). Only channels with programmes are
/// listed, so the document passes <c>tv_validate_file</c>; a guide channel mapped by several channels is
/// written once per channel, each with its own shift. Logos and programme icons that would give a provider away
/// (its private host, its credentials) are left out (<see cref="ProviderTraces"/>).
/// </summary>
internal sealed class EpgGuideWriter(AppDbContext db, ProviderTraces traces)
{
    private static readonly Dictionary<string, string> TvAttributes = new(StringComparer.Ordinal)
    {
        ["generator-info-name"] = "M3U-STRM Processor",
    };

    private sealed record OutChannel(string Id, long Guide, TimeSpan Shift);

    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        var images = await traces.LoadAsync(cancellationToken);
        var withProgrammes = (await db.Set<Programme>().Select(p => p.EpgChannelId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        var channels = (await (from c in db.Set<Channel>()
                               join m in db.Set<ChannelEpgMapping>() on c.Id equals m.ChannelId
                               where c.Enabled
                               orderby c.Number, c.Name, c.Id
                               select new { c.Id, c.Name, c.EpgChannelId, c.Logo, Guide = m.EpgChannelId, m.ShiftMinutes })
                .AsNoTracking().ToListAsync(cancellationToken))
            .Where(c => withProgrammes.Contains(c.Guide)).ToList();

        await using var writer = new XmltvWriter(output, leaveOpen: true);
        await writer.WriteStartAsync(TvAttributes);
        foreach (var c in channels)
        {
            await writer.WriteChannelAsync(new XmltvChannel
            {
                Id = EpgIds.Of(c.Id, c.EpgChannelId),
                DisplayNames = [new XmltvText(c.Name)],
                Icons = images.Clean(c.Logo) is { } logo ? [new XmltvIcon(logo)] : [],
            });
        }

        var byGuide = channels.Select(c => new OutChannel(EpgIds.Of(c.Id, c.EpgChannelId), c.Guide, TimeSpan.FromMinutes(c.ShiftMinutes)))
            .ToLookup(c => c.Guide);
        var guideIds = byGuide.Select(g => g.Key).ToList();
        if (guideIds.Count > 0)
        {
            var programmes = db.Set<Programme>().AsNoTracking().Where(p => guideIds.Contains(p.EpgChannelId))
                .OrderBy(p => p.EpgChannelId).ThenBy(p => p.Start)
                .Select(p => new ProgrammeRow(p.EpgChannelId, p.Start, p.Stop, p.Title, p.SubTitle, p.Description, p.Categories,
                    p.EpisodeXmltvNs, p.EpisodeOnScreen, p.Icon, p.Lang, p.PreviouslyShown, p.IsNew))
                .AsAsyncEnumerable();
            await foreach (var row in programmes.WithCancellation(cancellationToken))
            {
                foreach (var target in byGuide[row.Guide])
                {
                    await writer.WriteProgrammeAsync(row.ToXmltv(target.Id, target.Shift, images));
                }
            }
        }

        await writer.WriteEndAsync();
    }
}

internal sealed record ProgrammeRow(long Guide, DateTime Start, DateTime? Stop, string Title, string? SubTitle, string? Description, string? Categories,
    string? EpisodeXmltvNs, string? EpisodeOnScreen, string? Icon, string? Lang, bool PreviouslyShown, bool IsNew)
{
    public XmltvProgramme ToXmltv(string channel, TimeSpan shift, ProviderImageGuard images)
    {
        var episodes = new List<XmltvEpisodeNumber>(2);
        if (EpisodeXmltvNs is not null)
        {
            episodes.Add(new XmltvEpisodeNumber("xmltv_ns", EpisodeXmltvNs));
        }

        if (EpisodeOnScreen is not null)
        {
            episodes.Add(new XmltvEpisodeNumber("onscreen", EpisodeOnScreen));
        }

        return new XmltvProgramme
        {
            Channel = channel,
            Start = new DateTimeOffset(Start + shift, TimeSpan.Zero),
            Stop = Stop is { } stop ? new DateTimeOffset(stop + shift, TimeSpan.Zero) : null,
            // xmltv's validator rejects an empty title; guides without one still deserve an entry.
            Titles = [new XmltvText(Title.Length > 0 ? Title : SubTitle ?? "(no title)", Lang)],
            SubTitles = SubTitle is null ? [] : [new XmltvText(SubTitle, Lang)],
            Descriptions = Description is null ? [] : [new XmltvText(Description, Lang)],
            Categories = Categories is null ? [] : [.. Categories.Split('\u001f').Select(c => new XmltvText(c, Lang))],
            Icons = images.Clean(Icon) is { } icon ? [new XmltvIcon(icon)] : [],
            EpisodeNumbers = episodes,
            PreviouslyShown = PreviouslyShown,
            IsNew = IsNew,
        };
    }
}
