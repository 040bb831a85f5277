using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Health;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests.Health;

/// <summary>Quality samples set the stream's quality tag and score, and the failover order follows.</summary>
public sealed class QualityFeedTests(FfprobeSamplingFactory server, MediaServer media) : IClassFixture<FfprobeSamplingFactory>, IClassFixture<MediaServer>
{
    [Fact]
    public async Task Ffprobe_samples_replace_the_name_guess_reorder_the_channel_and_outrank_later_name_samples()
    {
        var admin = await server.SignedInAsync();
        // The names lie: "FHD" is really 640×360, "SD" is really 1280×720 at 50 fps.
        media.SetPlaylist("feed", "#EXTM3U\n" +
            "#EXTINF:-1 group-title=\"Test\",Feed FHD\n" + media.Url("/media/live.ts?feed") + "\n" +
            "#EXTINF:-1 group-title=\"Test\",Feed SD\n" + media.Url("/media/content/hd50.ts") + "\n");
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "feed", kind = "m3u_url", url = media.Url("/m3u/feed"), import_vod = false, ffprobe_mode = "sampling" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var providerId = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, providerId));

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var streams = await db.Set<ProviderStream>().AsNoTracking().Where(s => s.ProviderId == providerId).ToDictionaryAsync(s => s.Name, s => s.Id);
        var (named, real) = (streams["Feed FHD"], streams["Feed SD"]);
        var channelId = await db.Set<ChannelStream>().Where(cs => cs.ProviderStreamId == named).Select(cs => cs.ChannelId).SingleAsync();
        async Task<long[]> OrderAsync() => [.. (await (await admin.GetAsync($"/api/admin/channels/{channelId}")).ReadJsonAsync())
            .GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("provider_stream_id").GetInt64())];
        Assert.Equal(new[] { named, real }, await OrderAsync());

        var message = await Playback.HealthTestsRun.RunJobAsync(admin, "quality-sampling");
        Assert.Contains("sampled 2 streams, 0 failed", message, StringComparison.Ordinal);
        Assert.Contains("2 changed quality score", message, StringComparison.Ordinal);
        var logs = await db.Set<QualityLog>().AsNoTracking().ToDictionaryAsync(q => q.StreamId);
        var after = await db.Set<ProviderStream>().AsNoTracking().Where(s => s.ProviderId == providerId).ToDictionaryAsync(s => s.Id);
        Assert.Equal((StreamQualityDetector.ResSd, logs[named].QualityScore), (after[named].Quality, after[named].QualityScore));
        Assert.Equal((StreamQualityDetector.ResHd, logs[real].QualityScore), (after[real].Quality, after[real].QualityScore));
        Assert.InRange(after[real].QualityScore, 620, 650);
        Assert.Equal(new[] { real, named }, await OrderAsync());

        // With ffprobe off the next samples are name guesses: they are logged, but the measured quality stays.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/providers/{providerId}", new { ffprobe_mode = "off" })).StatusCode);
        message = await Playback.HealthTestsRun.RunJobAsync(admin, "quality-sampling");
        Assert.Contains("sampled 2 streams, 0 failed", message, StringComparison.Ordinal);
        Assert.Contains("0 changed quality score", message, StringComparison.Ordinal);
        Assert.Equal(2, await db.Set<QualityLog>().CountAsync(q => q.AnalysisMethod == QualityMethods.Name));
        var still = await db.Set<ProviderStream>().AsNoTracking().Where(s => s.ProviderId == providerId).ToDictionaryAsync(s => s.Id);
        Assert.Equal((after[named].Quality, after[named].QualityScore), (still[named].Quality, still[named].QualityScore));
        Assert.Equal((after[real].Quality, after[real].QualityScore), (still[real].Quality, still[real].QualityScore));
        Assert.Equal(new[] { real, named }, await OrderAsync());
    }
}
