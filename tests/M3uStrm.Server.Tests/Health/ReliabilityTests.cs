using System.Text;
using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Health;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests.Health;

/// <summary>Per-stream reliability over the last checks, and the failover order that uses it.</summary>
public sealed class ReliabilityTests(HealthServerFactory server, MediaServer media) : IClassFixture<HealthServerFactory>, IClassFixture<MediaServer>
{
    private async Task<Dictionary<string, long>> CreateProviderAsync(HttpClient admin, string name, params (string Title, string Path)[] entries)
    {
        var text = new StringBuilder("#EXTM3U\n");
        foreach (var (title, path) in entries)
        {
            text.Append($"#EXTINF:-1 group-title=\"Test\",{title}\n{media.Url(path)}\n");
        }

        media.SetPlaylist(name, text.ToString());
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new { name, kind = "m3u_url", url = media.Url($"/m3u/{name}"), import_vod = false, max_connections = 4 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, id));
        return await DbAsync(db => db.Set<ProviderStream>().Where(s => s.ProviderId == id).ToDictionaryAsync(s => s.Name, s => s.Id));
    }

    private async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task<ProviderStream> StreamAsync(long id) => DbAsync(db => db.Set<ProviderStream>().AsNoTracking().SingleAsync(s => s.Id == id));

    private Task<long> ChannelOfAsync(long streamId) => DbAsync(db => db.Set<ChannelStream>().Where(cs => cs.ProviderStreamId == streamId).Select(cs => cs.ChannelId).SingleAsync());

    private static async Task<List<JsonElement>> ChannelStreamsAsync(HttpClient admin, long channelId)
    {
        var detail = await (await admin.GetAsync($"/api/admin/channels/{channelId}")).ReadJsonAsync();
        return [.. detail.GetProperty("streams").EnumerateArray()];
    }

    private static async Task CheckAsync(HttpClient admin, object scope)
    {
        var run = await HealthTests.WaitForRunAsync(admin, await admin.PostAsJsonAsync("/api/admin/health/check", scope));
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
    }

    /// <summary>Checks written as if they had happened the given number of hours ago.</summary>
    private async Task SeedChecksAsync(long streamId, IEnumerable<(int HoursAgo, bool Ok, int LatencyMs, string Source)> checks)
    {
        var now = server.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.AddRange(checks.Select(c => new StreamCheck
        {
            StreamId = streamId,
            CheckedAt = now.AddHours(-c.HoursAgo),
            Ok = c.Ok,
            LatencyMs = c.LatencyMs,
            HttpStatus = c.Ok ? 200 : 502,
            Reason = c.Ok ? null : "seeded failure",
            Source = c.Source,
        }));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Reliability_covers_exactly_the_last_20_checks_and_the_health_job_stores_it_on_the_stream()
    {
        var admin = await server.SignedInAsync();
        var streams = await CreateProviderAsync(admin, "window", ("Window One", "/media/live.ts?window"), ("Window Unchecked", "/media/live.ts?unchecked"));
        var streamId = streams["Window One"];

        // Newest first: i = 0..19 is the window (every fourth fails, two of those failures during playback, the
        // successes take 100 + 10·i ms); i = 20..24 are older failures, one from playback, that must not count.
        var seeded = Enumerable.Range(0, 25).Select(i => i >= 20
                ? (HoursAgo: i + 1, Ok: false, LatencyMs: 5000, Source: i == 20 ? CheckSources.Playback : CheckSources.Health)
                : (HoursAgo: i + 1, Ok: i % 4 != 3, LatencyMs: i % 4 != 3 ? 100 + (10 * i) : 3000, Source: i is 3 or 19 ? CheckSources.Playback : CheckSources.Health))
            .ToList();
        await SeedChecksAsync(streamId, seeded);

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var record = (await scope.ServiceProvider.GetRequiredService<StreamReliability>().ComputeAsync([streamId, streams["Window Unchecked"]], CancellationToken.None)).Single();
            Assert.Equal(streamId, record.Key);
            // 15 of 20 succeeded; their latencies sum to 15·100 + 10·(0+1+2+4+5+6+8+9+10+12+13+14+16+17+18) = 2850.
            Assert.Equal(new Reliability(20, 0.75, 190, 2), record.Value);
        }

        // One real check through the health job: it enters the window and pushes out i = 19 (a playback failure).
        await CheckAsync(admin, new { stream_id = streamId });
        var latest = await DbAsync(db => db.Set<StreamCheck>().Where(c => c.StreamId == streamId && c.Source == CheckSources.Health).OrderByDescending(c => c.CheckedAt).FirstAsync());
        Assert.True(latest.Ok, latest.Reason);
        var stream = await StreamAsync(streamId);
        Assert.Equal(StreamStatus.Alive, stream.Status);
        Assert.Equal(0.8, stream.SuccessRate);
        Assert.Equal(1, stream.RecentFailovers);
        // i = 19 was a failure, so the successes are the same 15 plus the new one.
        Assert.Equal((int)Math.Round((2850 + latest.LatencyMs) / 16.0, MidpointRounding.AwayFromZero), stream.AvgFirstByteMs);

        // The channel API shows the figures; a stream never checked has no success rate yet.
        var item = Assert.Single(await ChannelStreamsAsync(admin, await ChannelOfAsync(streamId)));
        Assert.Equal(0.8, item.GetProperty("success_rate").GetDouble());
        Assert.Equal(stream.AvgFirstByteMs, item.GetProperty("avg_first_byte_ms").GetInt32());
        Assert.Equal(1, item.GetProperty("recent_failovers").GetInt32());
        var neverChecked = Assert.Single(await ChannelStreamsAsync(admin, await ChannelOfAsync(streams["Window Unchecked"])));
        Assert.Equal(JsonValueKind.Null, neverChecked.GetProperty("success_rate").ValueKind);
        Assert.Equal(JsonValueKind.Null, neverChecked.GetProperty("avg_first_byte_ms").ValueKind);
        Assert.Equal(0, neverChecked.GetProperty("recent_failovers").GetInt32());
    }

    [Fact]
    public async Task Playback_failures_count_as_failovers_failed_health_checks_do_not()
    {
        var admin = await server.SignedInAsync();
        var streamId = (await CreateProviderAsync(admin, "failovers", ("Failover Source", "/media/missing")))["Failover Source"];

        await CheckAsync(admin, new { stream_id = streamId });
        var stream = await StreamAsync(streamId);
        Assert.Equal(((double?)0.0, 0, (int?)null), (stream.SuccessRate, stream.RecentFailovers, stream.AvgFirstByteMs));

        var reporter = server.Services.GetRequiredService<PlaybackHealthReporter>();
        await reporter.FailedAsync(streamId, "upstream closed the connection", 502, 35);
        stream = await StreamAsync(streamId);
        Assert.Equal(StreamStatus.Dead, stream.Status);
        Assert.Equal(((double?)0.0, 1, (int?)null), (stream.SuccessRate, stream.RecentFailovers, stream.AvgFirstByteMs));

        await reporter.PlayedAsync(streamId, 120);
        stream = await StreamAsync(streamId);
        Assert.Equal(StreamStatus.Alive, stream.Status);
        Assert.Equal(1.0 / 3, stream.SuccessRate);
        Assert.Equal(1, stream.RecentFailovers);
        Assert.Equal(120, stream.AvgFirstByteMs);
    }

    [Fact]
    public async Task A_reliable_stream_fails_over_before_a_better_tagged_unreliable_one_and_an_unchecked_one_is_not_ranked_below_it()
    {
        var admin = await server.SignedInAsync();
        var streams = await CreateProviderAsync(admin, "ordering",
            ("Order Test FHD", "/media/live.ts?fhd"), ("Order Test HD", "/media/live.ts?hd"), ("Order Test SD", "/media/live.ts?sd"));
        var (fhd, hd, sd) = (streams["Order Test FHD"], streams["Order Test HD"], streams["Order Test SD"]);
        var channelId = await ChannelOfAsync(fhd);
        Assert.Equal(new[] { fhd, hd, sd }, (await ChannelStreamsAsync(admin, channelId)).Select(s => s.GetProperty("provider_stream_id").GetInt64()));

        // FHD failed 6 of its last 10 checks, SD passed all of them; HD was never checked.
        await SeedChecksAsync(fhd, Enumerable.Range(1, 10).Select(h => (h, h % 5 is 0 or 1, 80, CheckSources.Health)));
        await SeedChecksAsync(sd, Enumerable.Range(1, 10).Select(h => (h, true, 80, CheckSources.Health)));
        await CheckAsync(admin, new { stream_id = fhd });
        await CheckAsync(admin, new { stream_id = sd });

        var items = await ChannelStreamsAsync(admin, channelId);
        Assert.Equal(new[] { hd, sd, fhd }, items.Select(s => s.GetProperty("provider_stream_id").GetInt64()));
        Assert.Equal(new[] { "HD", "SD", "FHD" }, items.Select(s => s.GetProperty("quality").GetString()));
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("success_rate").ValueKind);
        Assert.Equal(1.0, items[1].GetProperty("success_rate").GetDouble());
        Assert.Equal(5.0 / 11, items[2].GetProperty("success_rate").GetDouble(), 9);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(1.0, 0)]
    [InlineData(19.0 / 20, 0)]
    [InlineData(18.0 / 20, 1)]
    [InlineData(16.0 / 20, 1)]
    [InlineData(15.0 / 20, 2)]
    [InlineData(10.0 / 20, 2)]
    [InlineData(9.0 / 20, 3)]
    [InlineData(0.0, 3)]
    public void Success_rate_buckets_rank_a_stream_without_checks_with_the_best(double? rate, int rank) =>
        Assert.Equal(rank, FailoverOrder.ReliabilityRank(rate));
}
