using System.Text;
using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Health;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests.Health;

public sealed class HealthServerFactory : ServerFactory
{
    public HealthServerFactory()
    {
        With("Health:TimeoutSeconds", "2");
        With("Providers:TimeoutSeconds", "5");
        With("Providers:Retries", "0");
        // Only the manual runs of the tests: a scheduled run in the middle of a test would change its counts.
        With("Jobs:health-check:Cron", "0 0 0 1 1 ? 2099");
        With("Jobs:quality-sampling:Cron", "0 0 0 1 1 ? 2099");
    }
}

public sealed class FfprobeSamplingFactory : ServerFactory
{
    public FfprobeSamplingFactory()
    {
        With("Health:QualityMethod", "ffprobe");
        With("Health:FfprobeTimeoutSeconds", "15");
        With("Providers:Retries", "0");
        With("Jobs:health-check:Cron", "0 0 0 1 1 ? 2099");
        With("Jobs:quality-sampling:Cron", "0 0 0 1 1 ? 2099");
    }
}

public sealed class ContentCheckFactory : ServerFactory
{
    public ContentCheckFactory()
    {
        With("Health:TimeoutSeconds", "5");
        With("Health:FfprobeTimeoutSeconds", "15");
        With("Providers:Retries", "0");
        With("Jobs:health-check:Cron", "0 0 0 1 1 ? 2099");
        With("Jobs:quality-sampling:Cron", "0 0 0 1 1 ? 2099");
    }
}

public sealed class ContentCheckTests(ContentCheckFactory server, MediaServer media) : IClassFixture<ContentCheckFactory>, IClassFixture<MediaServer>
{
    [Fact]
    public async Task Ffprobe_health_check_marks_black_frozen_and_silent_streams_degraded()
    {
        var admin = await server.SignedInAsync();
        var files = new[] { "black", "frozen", "silent", "tone" };
        media.SetPlaylist("content", "#EXTM3U\n" + string.Concat(files.Select(f => $"#EXTINF:-1 tvg-id=\"{f}.test\",Content {f}\n{media.Url($"/media/content/{f}.ts")}\n")));
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "content", kind = "m3u_url", url = media.Url("/m3u/content"), import_vod = false, max_connections = 4, ffprobe_mode = "health_check" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        Assert.Equal("health_check", body.GetProperty("ffprobe_mode").GetString());
        var providerId = body.GetProperty("id").GetInt64();
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, providerId));

        var bad = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "content-bad", kind = "m3u_url", url = media.Url("/m3u/content"), ffprobe_mode = "always" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.ReadJsonAsync()).GetProperty("errors").TryGetProperty("ffprobe_mode", out _));

        // The same black stream at a provider with ffprobe_mode off is only probed, not decoded.
        media.SetPlaylist("content-off", $"#EXTM3U\n#EXTINF:-1 tvg-id=\"black.test\",Plain black\n{media.Url("/media/content/black.ts")}\n");
        var plain = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "content-off", kind = "m3u_url", url = media.Url("/m3u/content-off"), import_vod = false });
        var plainBody = await plain.ReadJsonAsync();
        Assert.Equal("off", plainBody.GetProperty("ffprobe_mode").GetString());
        var plainId = plainBody.GetProperty("id").GetInt64();
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, plainId));
        var plainRun = await HealthTests.WaitForRunAsync(admin, await admin.PostAsJsonAsync("/api/admin/health/check", new { provider_id = plainId }));
        Assert.Contains("1 ok, 0 failed, 0 degraded", plainRun.GetProperty("message").GetString(), StringComparison.Ordinal);

        var run = await HealthTests.WaitForRunAsync(admin, await admin.PostAsJsonAsync("/api/admin/health/check", new { provider_id = providerId }));
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Contains("4 ok, 0 failed, 3 degraded", run.GetProperty("message").GetString(), StringComparison.Ordinal);
        var summary = await (await admin.GetAsync("/api/admin/health/summary")).ReadJsonAsync();
        Assert.Equal(3, summary.GetProperty("degraded").GetInt32());
        Assert.Equal(2, summary.GetProperty("alive").GetInt32());
        Assert.Equal(0, summary.GetProperty("dead").GetInt32());

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var streams = await db.Set<ProviderStream>().AsNoTracking().Where(s => s.ProviderId == providerId).ToDictionaryAsync(s => s.Name);
        var checks = await db.Set<StreamCheck>().AsNoTracking().Where(c => streams.Values.Select(s => s.Id).Contains(c.StreamId)).ToDictionaryAsync(c => c.StreamId);
        foreach (var (file, status, reason) in new[]
        {
            ("black", StreamStatus.Degraded, "black"), ("frozen", StreamStatus.Degraded, "frozen"), ("silent", StreamStatus.Degraded, "silent"), ("tone", StreamStatus.Alive, (string?)null),
        })
        {
            var stream = streams[$"Content {file}"];
            Assert.True(status == stream.Status, $"{file}: {stream.Status}, {checks[stream.Id].Reason}");
            Assert.True(checks[stream.Id].Ok);
            Assert.Equal(reason, checks[stream.Id].Reason);
        }
    }
}

public sealed class FfprobeSamplingTests(FfprobeSamplingFactory server, MediaServer media) : IClassFixture<FfprobeSamplingFactory>, IClassFixture<MediaServer>
{
    [Fact]
    public async Task Ffprobe_sampling_logs_real_resolution_and_codec_and_counts_failures()
    {
        var admin = await server.SignedInAsync();
        media.SetPlaylist("probe", "#EXTM3U\n" +
            "#EXTINF:-1 tvg-id=\"a.test\",Probe A\n" + media.Url("/media/live.ts?a") + "\n" +
            "#EXTINF:-1 tvg-id=\"b.test\",Probe B\n" + media.Url("/media/live.ts?b") + "\n" +
            "#EXTINF:-1 tvg-id=\"c.test\",Probe C\n" + media.Url("/media/missing") + "\n");
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new { name = "probe", kind = "m3u_url", url = media.Url("/m3u/probe"), import_vod = false, ffprobe_mode = "sampling" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var providerId = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, providerId));

        var run = await HealthTests.WaitForRunAsync(admin, await admin.PostAsync("/api/admin/jobs/quality-sampling/run", null));
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Contains("sampled 2 streams, 1 failed", run.GetProperty("message").GetString(), StringComparison.Ordinal);

        await using var scope = server.Services.CreateAsyncScope();
        var logs = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<QualityLog>().ToListAsync();
        Assert.Equal(2, logs.Count);
        Assert.All(logs, l =>
        {
            Assert.Equal("640x360", l.Resolution);
            Assert.Equal("h264", l.Codec);
            Assert.Equal(25, l.Fps);
            Assert.Equal("ffprobe", l.AnalysisMethod);
            Assert.Equal(300 + (int)Math.Round(30 * Math.Min(1.0, (l.Bitrate ?? 0) / 1000.0)), l.QualityScore);
        });
    }
}

public sealed class HealthTests(HealthServerFactory server, MediaServer media) : IClassFixture<HealthServerFactory>, IClassFixture<MediaServer>
{
    private async Task<ProbeResult> ProbeAsync(string path)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StreamProbe>().ProbeAsync(media.Url(path), CancellationToken.None);
    }

    [Fact]
    public async Task Probe_accepts_real_mpeg_ts_and_hls()
    {
        foreach (var path in new[] { "/media/live.ts", "/media/hls/index.m3u8", "/media/master.m3u8" })
        {
            var result = await ProbeAsync(path);
            Assert.True(result.Ok, $"{path}: {result.Reason}");
            Assert.Equal(200, result.HttpStatus);
            Assert.True(result.LatencyMs >= 0);
        }
    }

    [Theory]
    [InlineData("/media/hang", null, "no answer within 2 s")]
    [InlineData("/media/missing", 404, "HTTP 404")]
    [InlineData("/media/html", 200, StreamProbe.HtmlReason)]
    [InlineData("/media/cut", 200, "connection closed after 10 bytes")]
    [InlineData("/media/broken-hls.m3u8", 200, "HLS segment: HTTP 404")]
    public async Task Probe_reports_why_a_stream_fails(string path, int? status, string reason)
    {
        var result = await ProbeAsync(path);
        Assert.False(result.Ok);
        Assert.Equal(status, result.HttpStatus);
        Assert.Equal(reason, result.Reason);
    }

    [Theory]
    [InlineData("/media/live.ts", 640, 360, "h264", 25)]
    [InlineData("/media/content/hd50.ts", 1280, 720, "h264", 50)]
    [InlineData("/media/content/fhd-hevc.ts", 1920, 1080, "hevc", 25)]
    public async Task Ffprobe_reads_resolution_codec_and_fps_of_real_video(string path, int width, int height, string codec, double fps)
    {
        var result = await server.Services.GetRequiredService<FfprobeRunner>().ProbeAsync(media.Url(path), CancellationToken.None);
        Assert.Equal(width, result.Width);
        Assert.Equal(height, result.Height);
        Assert.Equal(codec, result.Codec);
        Assert.Equal(fps, result.Fps);
    }

    private async Task<long> CreateProviderAsync(HttpClient admin, string name, IEnumerable<(string TvgId, string Title, string Url)> entries)
    {
        var text = new StringBuilder("#EXTM3U\n");
        foreach (var (tvgId, title, url) in entries)
        {
            text.Append($"#EXTINF:-1 tvg-id=\"{tvgId}\" group-title=\"Test\",{title}\n{url}\n");
        }

        media.SetPlaylist(name, text.ToString());
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new { name, kind = "m3u_url", url = media.Url($"/m3u/{name}"), import_vod = false, max_connections = 4 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, id));
        return id;
    }

    private async Task<List<long>> StreamIdsAsync(long providerId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ProviderStream>().Where(s => s.ProviderId == providerId).Select(s => s.Id).ToListAsync();
    }

    internal static async Task<JsonElement> WaitForRunAsync(HttpClient admin, HttpResponseMessage accepted)
    {
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var runId = (await accepted.ReadJsonAsync()).GetProperty("run_id").GetString();
        for (var i = 0; i < 1200; i++)
        {
            var run = await (await admin.GetAsync($"/api/admin/jobs/runs/{runId}")).ReadJsonAsync();
            if (run.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                return run;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the job did not finish in 120 s");
    }

    private async Task<string> CheckStreamAsync(HttpClient admin, long streamId)
    {
        var run = await WaitForRunAsync(admin, await admin.PostAsJsonAsync("/api/admin/health/check", new { stream_id = streamId }));
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        await using var scope = server.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ProviderStream>().AsNoTracking().SingleAsync(s => s.Id == streamId)).Status;
    }

    [Fact]
    public async Task A_stream_turns_dead_after_two_failures_and_alive_on_the_first_success()
    {
        var admin = await server.SignedInAsync();
        var providerId = await CreateProviderAsync(admin, "switching", [("switch.test", "Switch One", media.Url("/media/switch.ts"))]);
        var streamId = Assert.Single(await StreamIdsAsync(providerId));

        media.SwitchBroken = true;
        try
        {
            Assert.Equal(StreamStatus.Unknown, await CheckStreamAsync(admin, streamId));
            Assert.Equal(StreamStatus.Dead, await CheckStreamAsync(admin, streamId));
            var summary = await (await admin.GetAsync("/api/admin/health/summary")).ReadJsonAsync();
            Assert.True(summary.GetProperty("dead").GetInt32() >= 1);
            Assert.True(summary.GetProperty("channels_all_dead").GetInt32() >= 1);
        }
        finally
        {
            media.SwitchBroken = false;
        }

        Assert.Equal(StreamStatus.Alive, await CheckStreamAsync(admin, streamId));
        var checks = await (await admin.GetAsync($"/api/admin/health/streams/{streamId}/checks")).ReadJsonAsync();
        Assert.Equal(3, checks.GetProperty("total").GetInt32());
        var items = checks.GetProperty("items").EnumerateArray().ToList();
        Assert.True(items[0].GetProperty("ok").GetBoolean());
        Assert.False(items[1].GetProperty("ok").GetBoolean());
        Assert.Equal("HTTP 404", items[1].GetProperty("reason").GetString());
        Assert.Equal(404, items[1].GetProperty("http_status").GetInt32());


        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/admin/health/check", new { stream_id = 987654321 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/health/streams/987654321/checks")).StatusCode);
    }

    [Fact]
    public async Task Quality_history_answers_newest_first_within_the_window()
    {
        var admin = await server.SignedInAsync();
        var providerId = await CreateProviderAsync(admin, "history", [("history.test", "History HD", media.Url("/media/live.ts"))]);
        var streamId = Assert.Single(await StreamIdsAsync(providerId));
        var now = server.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.AddRange(
                new QualityLog { StreamId = streamId, SampledAt = now.AddDays(-2), Resolution = "HD", QualityScore = 600, AnalysisMethod = "name" },
                new QualityLog { StreamId = streamId, SampledAt = now.AddHours(-1), Resolution = "640x360", Bitrate = 900, QualityScore = 330, Codec = "h264", Fps = 25, AnalysisMethod = "ffprobe" },
                new QualityLog { StreamId = streamId, SampledAt = now.AddDays(-10), Resolution = "SD", QualityScore = 300, AnalysisMethod = "name" });
            await db.SaveChangesAsync();
        }

        var rows = await (await admin.GetAsync($"/api/analytics/admin/streams/quality-history/{streamId}")).ReadJsonAsync();
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal("640x360", rows[0].GetProperty("resolution").GetString());
        Assert.Equal("h264", rows[0].GetProperty("codec").GetString());
        Assert.Equal(25, rows[0].GetProperty("fps").GetDouble());
        Assert.Equal("ffprobe", rows[0].GetProperty("analysis_method").GetString());
        Assert.Equal("HD", rows[1].GetProperty("resolution").GetString());
        Assert.True(rows[0].GetProperty("timestamp").GetDateTime() > rows[1].GetProperty("timestamp").GetDateTime());

        var all = await (await admin.GetAsync($"/api/analytics/admin/streams/quality-history/{streamId}?days=30")).ReadJsonAsync();
        Assert.Equal(3, all.GetArrayLength());
        var csv = await admin.GetStringAsync($"/api/analytics/admin/streams/quality-history/{streamId}?days=30&format=csv");
        Assert.StartsWith("timestamp,resolution,bitrate,quality_score,codec,fps,analysis_method\n", csv, StringComparison.Ordinal);
        Assert.Equal(4, csv.Trim().Split('\n').Length);

        foreach (var days in new[] { 0, 91 })
        {
            var bad = await admin.GetAsync($"/api/analytics/admin/streams/quality-history/{streamId}?days={days}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.ReadJsonAsync()).GetProperty("errors").TryGetProperty("days", out _));
        }

        var missing = await admin.GetAsync("/api/analytics/admin/streams/quality-history/987654321");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(404, (await missing.ReadJsonAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Quality_sampling_covers_every_stream_not_the_first_100()
    {
        var admin = await server.SignedInAsync();
        var providerId = await CreateProviderAsync(admin, "many", Enumerable.Range(1, 500).Select(i => ($"many{i}.test", $"Many Channel {i} HD", media.Url($"/media/live.ts?n={i}"))));
        var streamIds = await StreamIdsAsync(providerId);
        Assert.Equal(500, streamIds.Count);

        var run = await WaitForRunAsync(admin, await admin.PostAsync("/api/admin/jobs/quality-sampling/run", null));
        Assert.Equal("succeeded", run.GetProperty("status").GetString());

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var logs = await db.Set<QualityLog>().Where(q => streamIds.Contains(q.StreamId)).ToListAsync();
        Assert.Equal(500, logs.Count);
        Assert.Equal(500, logs.Select(l => l.StreamId).Distinct().Count());
        Assert.All(logs, l =>
        {
            Assert.Equal("name", l.AnalysisMethod);
            Assert.Equal("HD", l.Resolution);
            Assert.Equal(600, l.QualityScore);
        });
    }
}
