using System.Text.RegularExpressions;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace M3uStrm.Server.Tests.Epg;

/// <summary>
/// Mapping accuracy without tvg-ids: the Beijing Unicom playlist with every tvg-id removed against the guide that
/// belongs to it, so only display-name, normalised-name and fuzzy rules can map. The removed tvg-ids are the truth.
/// </summary>
public sealed partial class EpgNameMappingTests(EpgServerFactory server, EpgHosts hosts, ITestOutputHelper output)
    : IClassFixture<EpgServerFactory>, IClassFixture<EpgHosts>
{
    [GeneratedRegex("tvg-id=\"(?<id>[^\"]*)\"[^\\n]*,(?<name>[^\\n]*)")]
    private static partial Regex Entry();

    [Fact]
    public async Task Without_tvg_ids_most_channels_map_by_name_and_none_to_a_wrong_guide_channel()
    {
        var admin = await server.SignedInAsync();
        var text = await File.ReadAllTextAsync(Path.Combine(FixturePaths.Root, "m3u/beijing-unicom/iptv-multicast.m3u"));
        var truth = Entry().Matches(text).Select(m => (Name: m.Groups["name"].Value.Trim(), Id: m.Groups["id"].Value)).ToList();
        hosts.Guides.ServeFixture("beijing.xml.gz", "xmltv/beijing-unicom/epg.xml.gz");
        hosts.Provider.SetPlaylist("no-ids", Regex.Replace(text, "tvg-id=\"[^\"]*\" ", "").Replace("x-tvg-url=\"", "x-ignored=\"", StringComparison.Ordinal));
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "no-ids", kind = "m3u_url", url = hosts.Provider.PlaylistUrl("no-ids"), import_vod = false });
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, (await created.ReadJsonAsync()).GetProperty("id").GetInt64()));
        var sourceId = await EpgApi.CreateSourceAsync(admin, "beijing guide", hosts.Guides.Url("beijing.xml.gz"));
        Assert.Equal("succeeded", (await EpgApi.RefreshAsync(admin, sourceId)).GetProperty("status").GetString());

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var streams = await (from cs in db.Set<ChannelStream>()
                             join s in db.Set<ProviderStream>() on cs.ProviderStreamId equals s.Id
                             select new { cs.ChannelId, s.Name }).ToListAsync();
        var guide = await db.Set<EpgChannel>().Where(g => g.SourceId == sourceId).ToDictionaryAsync(g => g.Id, g => g.XmltvId);
        var mappings = await db.Set<ChannelEpgMapping>().ToDictionaryAsync(m => m.ChannelId);
        var channels = streams.GroupBy(s => s.ChannelId)
            .Select(g => (Channel: g.Key, Ids: g.SelectMany(s => truth.Where(t => t.Name == s.Name).Select(t => t.Id)).ToHashSet()))
            .ToList();
        var withGuide = channels.Where(c => c.Ids.Any(guide.ContainsValue)).ToList();
        var mapped = withGuide.Where(c => mappings.ContainsKey(c.Channel)).ToList();
        var correct = mapped.Count(c => c.Ids.Contains(guide[mappings[c.Channel].EpgChannelId]));
        var wrong = channels.Where(c => mappings.ContainsKey(c.Channel) && !c.Ids.Contains(guide[mappings[c.Channel].EpgChannelId])).ToList();
        var byMethod = mappings.Values.GroupBy(m => m.Method).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"channels {channels.Count}, with a guide {withGuide.Count}, mapped {mapped.Count}, correct {correct} "
            + $"({100.0 * correct / withGuide.Count:F1}%), wrong {wrong.Count}; by method {string.Join(", ", byMethod.Select(kv => $"{kv.Key}={kv.Value}"))}");
        foreach (var w in wrong)
        {
            output.WriteLine($"wrong: channel {w.Channel} ({string.Join('/', w.Ids)}) -> {guide[mappings[w.Channel].EpgChannelId]}");
        }

        Assert.True(correct * 100 >= withGuide.Count * 60, $"{correct} of {withGuide.Count} mapped correctly by name");
        Assert.True(wrong.Count * 100 <= channels.Count * 2, $"{wrong.Count} wrong mappings");
    }
}
