using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Features.Health;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests.Playback;

public class PlaybackFactory : ServerFactory
{
    public PlaybackFactory()
    {
        With("Playback:ConnectTimeoutSeconds", "3");
        With("Playback:StallTimeoutSeconds", "3");
        With("Playback:LingerSeconds", "0");
        With("Playback:HeartbeatSeconds", "1");
        With("Playback:ClientBufferBytes", "376000");
        With("Playback:UsageSampleSeconds", "1");
        With("Providers:Retries", "0");
        With("Jobs:health-check:Cron", "0 0 0 1 1 ? 2099");
        With("Jobs:quality-sampling:Cron", "0 0 0 1 1 ? 2099");
        With("Jobs:session-sweeper:Cron", "0 0 0 1 1 ? 2099");
    }
}

public sealed class RedirectFactory : PlaybackFactory
{
    public RedirectFactory() => With("Playback:Mode", "redirect");
}

/// <summary>Shared steps: a provider from a playlist served by the upstream, a channel id by name, the admin's token.</summary>
internal static class Playing
{
    public static async Task<long> ProviderAsync(HttpClient admin, LiveUpstream upstream, string name, string playlist, int priority = 5, int maxConnections = 4)
    {
        upstream.SetPlaylist(name, "#EXTM3U\n" + playlist);
        var created = await admin.PostAsJsonAsync("/api/admin/providers", new { name, kind = "m3u_url", url = upstream.Url($"/m3u/{name}"), priority, max_connections = maxConnections });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("succeeded", await ProviderSyncTests.SyncAsync(admin, id));
        return id;
    }

    public static string Entry(string title, string tvgId, string url) => $"#EXTINF:-1 tvg-id=\"{tvgId}\" group-title=\"Test\",{title}\n{url}\n";

    public static async Task<long> ChannelAsync(ServerFactory server, string name)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Channel>().Where(c => c.Name == name).Select(c => c.Id).SingleAsync();
    }

    public static async Task<string> TokenAsync(HttpClient client) => (await (await client.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("playback_token").GetString()!;

    public static async Task<T> DbAsync<T>(ServerFactory server, Func<AppDbContext, Task<T>> query)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polling), failing with <paramref name="what"/> after 15 s.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"timed out waiting for: {what}");
    }

    /// <summary>Reads <paramref name="count"/> bytes of a streaming answer.</summary>
    public static async Task<byte[]> ReadAsync(Stream body, int count)
    {
        var data = new byte[count];
        var read = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (read < count)
        {
            var n = await body.ReadAsync(data.AsMemory(read), timeout.Token);
            Assert.True(n > 0, $"the stream ended after {read} bytes");
            read += n;
        }

        return data;
    }

    public static async Task<JsonElement> FfprobeAsync(string url)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-v", "error", "-rw_timeout", "15000000", "-show_entries", "stream=codec_name,width,height", "-of", "json", url })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"ffprobe failed on {url}: {await errors}");
        return JsonDocument.Parse(await output).RootElement.GetProperty("streams")[0].Clone();
    }

    public static void AssertWholeTsPackets(byte[] data)
    {
        Assert.Equal(0, data.Length % 188);
        for (var i = 0; i < data.Length; i += 188)
        {
            Assert.True(data[i] == 0x47, $"no TS sync byte at {i}");
        }
    }
}

public sealed class PlaybackTests(PlaybackFactory server, LiveUpstream upstream) : IClassFixture<PlaybackFactory>, IClassFixture<LiveUpstream>
{
    [Fact]
    public async Task Ffprobe_reads_live_TS_and_HLS_through_the_proxy_and_the_sessions_are_recorded()
    {
        var admin = await server.SignedInAsync();
        await Playing.ProviderAsync(admin, upstream, "probe",
            Playing.Entry("Probe TS", "probets.test", upstream.Url("/live/probe.ts")) + Playing.Entry("Probe HLS", "probehls.test", upstream.Url("/hls/index.m3u8")));
        var token = await Playing.TokenAsync(admin);
        var ts = await Playing.ChannelAsync(server, "Probe TS");
        var hls = await Playing.ChannelAsync(server, "Probe HLS");

        foreach (var url in new[] { $"/play/{token}/live/{ts}.ts", $"/play/{token}/live/{hls}.m3u8", $"/play/{token}/live/{hls}.ts" })
        {
            var stream = await Playing.FfprobeAsync(new Uri(server.BaseAddress, url).ToString());
            Assert.Equal("h264", stream.GetProperty("codec_name").GetString());
            Assert.Equal(640, stream.GetProperty("width").GetInt32());
            Assert.Equal(360, stream.GetProperty("height").GetInt32());
        }

        // The rewritten playlist sends segments through us and never names the provider.
        var playlist = await (await server.Anonymous().GetAsync($"/play/{token}/live/{hls}.m3u8")).Content.ReadAsStringAsync();
        Assert.Contains("/play/hls/", playlist, StringComparison.Ordinal);
        Assert.DoesNotContain(upstream.Address.Authority, playlist, StringComparison.Ordinal);
        Assert.DoesNotContain("index", playlist, StringComparison.Ordinal);
        var segment = playlist.Split('\n').First(l => l.StartsWith("http", StringComparison.Ordinal));
        using var segmentAnswer = await server.Anonymous().GetAsync(segment);
        Assert.Equal(HttpStatusCode.OK, segmentAnswer.StatusCode);
        Playing.AssertWholeTsPackets(await segmentAnswer.Content.ReadAsByteArrayAsync());

        // A forged or altered link is refused.
        var forged = segment.Replace("/play/hls/", "/play/hls/x", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Anonymous().GetAsync(forged)).StatusCode);

        // The TS sessions ended when ffprobe disconnected; the HLS one stays open until it idles.
        await Playing.EventuallyAsync(async () => await Playing.DbAsync(server, db => db.Set<ViewingSession>().CountAsync(s => s.ChannelId == ts && s.EndedAt != null)) == 1, "TS session closed");
        var sessions = await Playing.DbAsync(server, db => db.Set<ViewingSession>().AsNoTracking().Where(s => s.ChannelId == ts || s.ChannelId == hls).ToListAsync());
        Assert.All(sessions, s => Assert.Equal(SessionSources.Proxy, s.Source));
        var tsSession = Assert.Single(sessions, s => s.ChannelId == ts);
        Assert.True(tsSession.BytesSent > 0);
        Assert.NotNull(tsSession.StreamId);
        Assert.Contains("Lavf", tsSession.Client, StringComparison.Ordinal);
        Assert.Contains(sessions, s => s.ChannelId == hls && s.EndedAt == null);
    }

    [Fact]
    public async Task When_the_first_stream_dies_mid_stream_playback_continues_from_the_second()
    {
        var admin = await server.SignedInAsync();
        await Playing.ProviderAsync(admin, upstream, "dying", Playing.Entry("Fail Over", "failover.test", upstream.Url("/dies/fo.ts")), priority: 9);
        await Playing.ProviderAsync(admin, upstream, "backup", Playing.Entry("Fail Over", "failover.test", upstream.Url("/live/fo.ts")), priority: 1);
        var channel = await Playing.ChannelAsync(server, "Fail Over");
        var streams = await Playing.DbAsync(server, db => db.Set<ChannelStream>().Where(cs => cs.ChannelId == channel).OrderBy(cs => cs.Order).Select(cs => cs.ProviderStreamId).ToListAsync());
        Assert.Equal(2, streams.Count);

        var token = await Playing.TokenAsync(admin);
        using var answer = await server.Anonymous().GetAsync($"/play/{token}/live/{channel}.ts", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("video/mp2t", answer.Content.Headers.ContentType?.MediaType);
        await using var body = await answer.Content.ReadAsStreamAsync();
        // The dying upstream sends 400,000 bytes: reading 1,000,000 needs the second stream.
        var data = await Playing.ReadAsync(body, 188 * 5400);
        Playing.AssertWholeTsPackets(data);
        Assert.Equal(1, upstream.Opened("/dies/fo.ts"));
        Assert.Equal(1, upstream.Opened("/live/fo.ts"));

        await Playing.EventuallyAsync(async () => await Playing.DbAsync(server, db => db.Set<StreamCheck>().AnyAsync(c => c.StreamId == streams[0] && c.Source == CheckSources.Playback && !c.Ok)),
            "a playback failure recorded for the first stream");
        await Playing.EventuallyAsync(async () => await Playing.DbAsync(server, db => db.Set<PlaybackEvent>().AnyAsync(e => e.StreamId == streams[0] && e.Kind == PlaybackEventKinds.Failover && e.ChannelId == channel)),
            "the failover recorded for the capacity report");
    }

    [Fact]
    public async Task A_stream_that_plays_is_recorded_as_an_ok_check_with_the_time_the_provider_took_to_answer()
    {
        var admin = await server.SignedInAsync();
        await Playing.ProviderAsync(admin, upstream, "late", Playing.Entry("Late Answer", "late.test", upstream.Url("/slow/late.ts")));
        var channel = await Playing.ChannelAsync(server, "Late Answer");
        var stream = await Playing.DbAsync(server, db => db.Set<ChannelStream>().Where(cs => cs.ChannelId == channel).Select(cs => cs.ProviderStreamId).SingleAsync());

        var token = await Playing.TokenAsync(admin);
        using (var answer = await server.Anonymous().GetAsync($"/play/{token}/live/{channel}.ts", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            await using var body = await answer.Content.ReadAsStreamAsync();
            Playing.AssertWholeTsPackets(await Playing.ReadAsync(body, 188 * 100));
        }

        await Playing.EventuallyAsync(async () => await Playing.DbAsync(server, db => db.Set<StreamCheck>().AnyAsync(c => c.StreamId == stream && c.Source == CheckSources.Playback && c.Ok)),
            "a playback check recorded for the stream");
        var check = await Playing.DbAsync(server, db => db.Set<StreamCheck>().AsNoTracking().SingleAsync(c => c.StreamId == stream && c.Source == CheckSources.Playback));
        // The upstream's timer may fire a millisecond before its nominal delay (timer granularity, whole milliseconds stored).
        var leastAnswerMs = LiveUpstream.SlowAnswerMs - 20;
        Assert.InRange(check.LatencyMs, leastAnswerMs, LiveUpstream.SlowAnswerMs + 10_000);
        await Playing.EventuallyAsync(async () => await Playing.DbAsync(server, db => db.Set<ProviderStream>().AnyAsync(s => s.Id == stream && s.AvgFirstByteMs >= leastAnswerMs)),
            "the stream's average first-byte time includes the played check");
    }

    [Fact]
    public async Task Viewers_of_one_channel_share_one_upstream_connection_limits_hold_and_the_session_closes_with_the_right_duration()
    {
        var admin = await server.SignedInAsync();
        await Playing.ProviderAsync(admin, upstream, "shared",
            Playing.Entry("Shared A", "shareda.test", upstream.Url("/live/sa.ts")) + Playing.Entry("Shared B", "sharedb.test", upstream.Url("/live/sb.ts")), maxConnections: 1);
        var a = await Playing.ChannelAsync(server, "Shared A");
        var b = await Playing.ChannelAsync(server, "Shared B");
        var token = await Playing.TokenAsync(admin);

        var started = DateTime.UtcNow;
        using var first = await server.Anonymous().GetAsync($"/play/{token}/live/{a}.ts", HttpCompletionOption.ResponseHeadersRead);
        using var second = await server.Anonymous().GetAsync($"/play/{token}/live/{a}.ts", HttpCompletionOption.ResponseHeadersRead);
        var firstBody = await first.Content.ReadAsStreamAsync();
        var secondBody = await second.Content.ReadAsStreamAsync();
        Playing.AssertWholeTsPackets(await Playing.ReadAsync(firstBody, 188 * 1000));
        Playing.AssertWholeTsPackets(await Playing.ReadAsync(secondBody, 188 * 1000));
        Assert.Equal(1, upstream.Opened("/live/sa.ts"));
        Assert.Equal(2, await Playing.DbAsync(server, db => db.Set<ViewingSession>().CountAsync(s => s.ChannelId == a && s.EndedAt == null)));

        // The provider allows one connection and the shared relay holds it: channel B is refused with a clear error.
        using var refused = await server.Anonymous().GetAsync($"/play/{token}/live/{b}.ts");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("connection", (await refused.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, upstream.Opened("/live/sb.ts"));
        var provider = await Playing.DbAsync(server, db => db.Set<ProviderStream>().Where(s => s.Name == "Shared A").Select(s => s.ProviderId).SingleAsync());
        await Playing.EventuallyAsync(async () => await Playing.DbAsync(server, db => db.Set<PlaybackEvent>().AnyAsync(e => e.ProviderId == provider && e.Kind == PlaybackEventKinds.Refused && e.ChannelId == b && e.InUse == 1 && e.MaxConnections == 1)),
            "the refusal recorded for the capacity report");
        await Playing.EventuallyAsync(async () => await Playing.DbAsync(server, db => db.Set<PlaybackEvent>().AnyAsync(e => e.ProviderId == provider && e.Kind == PlaybackEventKinds.Usage && e.InUse == 1)),
            "a usage sample with the connection in use");

        await Task.Delay(2000);
        var watched = (DateTime.UtcNow - started).TotalSeconds;
        await firstBody.DisposeAsync();
        first.Dispose();
        await secondBody.DisposeAsync();
        second.Dispose();
        await Playing.EventuallyAsync(async () => await Playing.DbAsync(server, db => db.Set<ViewingSession>().CountAsync(s => s.ChannelId == a && s.EndedAt != null)) == 2, "both sessions closed");
        var sessions = await Playing.DbAsync(server, db => db.Set<ViewingSession>().AsNoTracking().Where(s => s.ChannelId == a).ToListAsync());
        Assert.All(sessions, s =>
        {
            Assert.InRange(s.DurationSeconds!.Value, watched - 1.5, watched + 1.5);
            Assert.Equal((s.EndedAt!.Value - s.StartedAt).TotalSeconds, s.DurationSeconds.Value, 0.01);
            Assert.True(s.BytesSent >= 188 * 1000);
            Assert.False(s.Completed);
        });

        // Once the viewers left, the upstream closes and the slot is free for channel B.
        await Playing.EventuallyAsync(() => Task.FromResult(upstream.Open("/live/sa.ts") == 0), "upstream of A closed");
        using var now = await server.Anonymous().GetAsync($"/play/{token}/live/{b}.ts", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, now.StatusCode);
    }

    [Fact]
    public async Task A_viewer_that_stops_reading_is_let_go_while_the_others_keep_playing()
    {
        var admin = await server.SignedInAsync();
        await Playing.ProviderAsync(admin, upstream, "slow", Playing.Entry("Slow Viewer", "slow.test", upstream.Url("/live/slow.ts")));
        var channel = await Playing.ChannelAsync(server, "Slow Viewer");
        var token = await Playing.TokenAsync(admin);
        using var reader = await server.Anonymous().GetAsync($"/play/{token}/live/{channel}.ts", HttpCompletionOption.ResponseHeadersRead);
        using var sleeper = await server.Anonymous().GetAsync($"/play/{token}/live/{channel}.ts", HttpCompletionOption.ResponseHeadersRead);
        await using var readerBody = await reader.Content.ReadAsStreamAsync();
        var relay = server.Services.GetRequiredService<LiveRelayHub>().Find(channel);
        Assert.NotNull(relay);
        Assert.Equal(2, relay.ViewerCount);

        // The sleeper reads nothing; the reader keeps up. The relay's buffer for the sleeper (376 kB here) fills and it is dropped.
        await Playing.ReadAsync(readerBody, 188 * 1000);
        for (var i = 0; i < 300 && relay.ViewerCount > 1; i++)
        {
            await Playing.ReadAsync(readerBody, 188 * 100);
        }

        Assert.Equal(1, relay.ViewerCount);
        Playing.AssertWholeTsPackets(await Playing.ReadAsync(readerBody, 188 * 1000));
        Assert.Equal(1, upstream.Opened("/live/slow.ts"));

        // What the sleeper gets is what was buffered for it, then the end of the stream.
        await using var sleeperBody = await sleeper.Content.ReadAsStreamAsync();
        using var drain = new MemoryStream();
        await sleeperBody.CopyToAsync(drain).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.InRange(drain.Length, 1, 20_000_000);
    }

    [Fact]
    public async Task A_live_session_is_completed_when_the_viewer_stays_to_the_end_of_the_programme_on_air()
    {
        var admin = await server.SignedInAsync();
        await Playing.ProviderAsync(admin, upstream, "epgplay",
            Playing.Entry("Until The End", "end.test", upstream.Url("/live/end.ts")) + Playing.Entry("Left Early", "early.test", upstream.Url("/live/early.ts")));
        var stays = await Playing.ChannelAsync(server, "Until The End");
        var leaves = await Playing.ChannelAsync(server, "Left Early");

        // Both channels show a programme that started ten minutes ago and ends 4 s from now (a guide with a +60 min shift on one of them).
        var now = DateTime.UtcNow;
        await Playing.DbAsync(server, async db =>
        {
            var source = new EpgSource { Name = "completion", Kind = EpgSourceKinds.Url, CreatedAt = now, UpdatedAt = now };
            db.Add(source);
            await db.SaveChangesAsync();
            foreach (var (channel, shift) in new[] { (stays, 0), (leaves, 60) })
            {
                var guide = new EpgChannel { SourceId = source.Id, XmltvId = $"c{channel}", DisplayName = "x", LastSeenAt = now };
                db.Add(guide);
                await db.SaveChangesAsync();
                var end = now.AddSeconds(4).AddMinutes(-shift);
                db.Add(new Programme { SourceId = source.Id, EpgChannelId = guide.Id, Start = end.AddMinutes(-10), Stop = end, Title = "On air" });
                db.Add(new ChannelEpgMapping { ChannelId = channel, EpgChannelId = guide.Id, Method = "manual", Manual = true, ShiftMinutes = shift, UpdatedAt = now });
            }

            return await db.SaveChangesAsync();
        });

        var token = await Playing.TokenAsync(admin);
        using (var answer = await server.Anonymous().GetAsync($"/play/{token}/live/{stays}.ts", HttpCompletionOption.ResponseHeadersRead))
        using (var early = await server.Anonymous().GetAsync($"/play/{token}/live/{leaves}.ts", HttpCompletionOption.ResponseHeadersRead))
        {
            await using var earlyBody = await early.Content.ReadAsStreamAsync();
            await Playing.ReadAsync(earlyBody, 188 * 100);
            early.Dispose();
            await using var body = await answer.Content.ReadAsStreamAsync();
            await Playing.ReadAsync(body, 188 * 100);
            while (DateTime.UtcNow < now.AddSeconds(4.5))
            {
                // Keep reading: a viewer that stops reading is let go (small buffer in these tests).
                await Playing.ReadAsync(body, 188 * 100);
            }
        }

        await Playing.EventuallyAsync(async () => await Playing.DbAsync(server, db => db.Set<ViewingSession>().CountAsync(s => (s.ChannelId == stays || s.ChannelId == leaves) && s.EndedAt != null)) == 2, "sessions closed");
        var sessions = await Playing.DbAsync(server, db => db.Set<ViewingSession>().AsNoTracking().Where(s => s.ChannelId == stays || s.ChannelId == leaves).ToDictionaryAsync(s => s.ChannelId!.Value));
        Assert.Equal(now.AddSeconds(4), sessions[stays].ProgrammeEndsAt!.Value, TimeSpan.FromMilliseconds(5));
        Assert.Equal(now.AddSeconds(4), sessions[leaves].ProgrammeEndsAt!.Value, TimeSpan.FromMilliseconds(5));
        Assert.True(sessions[stays].Completed, "stayed past the end of the programme");
        Assert.False(sessions[leaves].Completed, "left before the end");
    }

    [Fact]
    public async Task Movies_are_proxied_with_ranges()
    {
        var admin = await server.SignedInAsync();
        await Playing.ProviderAsync(admin, upstream, "movies", "#EXTINF:-1 group-title=\"Movies\",Test Movie (2020)\n" + upstream.Url("/vod/movie.mp4") + "\n");
        var movie = await Playing.DbAsync(server, db => db.Set<VodItem>().Where(v => v.Title == "Test Movie").Select(v => v.Id).SingleAsync());
        var token = await Playing.TokenAsync(admin);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/play/{token}/movie/{movie}.mp4");
        request.Headers.Range = new RangeHeaderValue(0, 99);
        using var part = await server.Anonymous().SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(100, (await part.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(upstream.MovieLength, part.Content.Headers.ContentRange?.Length);

        var whole = await server.Anonymous().GetByteArrayAsync($"/play/{token}/movie/{movie}.mp4");
        Assert.Equal(upstream.MovieLength, whole.Length);
        var session = Assert.Single(await Playing.DbAsync(server, db => db.Set<ViewingSession>().AsNoTracking().Where(s => s.VodItemId == movie).ToListAsync()));
        Assert.Equal(SessionSources.Proxy, session.Source);
        await Playing.EventuallyAsync(async () => await Playing.DbAsync(server, db => db.Set<ViewingSession>().Where(s => s.VodItemId == movie).Select(s => s.BytesSent).SingleAsync()) == upstream.MovieLength + 100,
            "bytes of both requests counted");
    }

    [Fact]
    public async Task Wrong_tokens_credentials_and_unknown_items_are_refused_without_leaking()
    {
        var admin = await server.SignedInAsync();
        await Playing.ProviderAsync(admin, upstream, "guarded", Playing.Entry("Guarded", "guarded.test", upstream.Url("/live/guarded.ts")));
        var channel = await Playing.ChannelAsync(server, "Guarded");
        var token = await Playing.TokenAsync(admin);
        var anonymous = server.Anonymous();
        foreach (var url in new[] { $"/play/{new string('x', 32)}/live/{channel}.ts", $"/play/short/live/{channel}.ts", $"/live/admin/wrong-password/{channel}.ts", $"/movie/nobody/pw/{channel}.mp4" })
        {
            using var answer = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            var text = await answer.Content.ReadAsStringAsync();
            Assert.DoesNotContain(upstream.Address.Authority, text, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/play/{token}/live/987654.ts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/play/{token}/movie/987654.mp4")).StatusCode);
        Assert.Equal(0, upstream.Opened("/live/guarded.ts"));

        // A disabled user's token stops working.
        var user = await server.SignedInAsNewUserAsync();
        var userToken = await Playing.TokenAsync(user);
        var me = await (await user.GetAsync("/api/auth/me")).ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync($"/api/admin/users/{me.GetProperty("id").GetGuid()}", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/play/{userToken}/live/{channel}.ts")).StatusCode);
    }

    [Fact]
    public async Task Players_report_their_own_sessions_through_the_history_API()
    {
        var admin = await server.SignedInAsync();
        await Playing.ProviderAsync(admin, upstream, "history", Playing.Entry("History One", "history.test", upstream.Url("/live/history.ts")));
        var channel = await Playing.ChannelAsync(server, "History One");
        var user = await server.SignedInAsNewUserAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().PostAsJsonAsync("/api/analytics/history", new { channel_id = channel })).StatusCode);
        var none = await user.PostAsJsonAsync("/api/analytics/history", new { duration_seconds = 10 });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.True((await none.ReadJsonAsync()).GetProperty("errors").TryGetProperty("channel_id", out _));
        var negative = await user.PostAsJsonAsync("/api/analytics/history", new { channel_id = channel, duration_seconds = -5 });
        Assert.True((await negative.ReadJsonAsync()).GetProperty("errors").TryGetProperty("duration_seconds", out _));
        var unknown = await user.PostAsJsonAsync("/api/analytics/history", new { vod_item_id = 987654 });
        Assert.True((await unknown.ReadJsonAsync()).GetProperty("errors").TryGetProperty("vod_item_id", out _));

        var startedAt = DateTime.UtcNow.AddMinutes(-30);
        var created = await user.PostAsJsonAsync("/api/analytics/history", new { channel_id = channel, started_at = startedAt, client = "TiviMate 5" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();

        // Someone else cannot touch it.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsJsonAsync($"/api/analytics/history/{id}", new { duration_seconds = 60 })).StatusCode);
        var ended = await user.PatchAsJsonAsync($"/api/analytics/history/{id}", new { duration_seconds = 1200 });
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        var body = await ended.ReadJsonAsync();
        Assert.Equal(1200, body.GetProperty("duration_seconds").GetDouble());
        Assert.Equal(startedAt.AddSeconds(1200), body.GetProperty("ended_at").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(5));
        Assert.Equal(HttpStatusCode.BadRequest, (await user.PatchAsJsonAsync($"/api/analytics/history/{id}", new { duration_seconds = 1300 })).StatusCode);

        var page = await (await user.GetAsync("/api/analytics/history?page=1&page_size=10")).ReadJsonAsync();
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        var item = page.GetProperty("items")[0];
        Assert.Equal("History One", item.GetProperty("title").GetString());
        Assert.Equal("api", item.GetProperty("source").GetString());
        Assert.Equal("TiviMate 5", item.GetProperty("client").GetString());
        Assert.Equal(0, (await (await admin.GetAsync("/api/analytics/history")).ReadJsonAsync()).GetProperty("items").EnumerateArray().Count(i => i.GetProperty("id").GetInt64() == id));
        var tooBig = await user.GetAsync("/api/analytics/history?page_size=1000");
        Assert.True((await tooBig.ReadJsonAsync()).GetProperty("errors").TryGetProperty("page_size", out _));
    }
}

public sealed class RedirectPlaybackTests(RedirectFactory server, LiveUpstream upstream) : IClassFixture<RedirectFactory>, IClassFixture<LiveUpstream>
{
    [Fact]
    public async Task Redirect_mode_sends_the_player_to_the_stream_and_the_sweeper_closes_the_idle_session()
    {
        var admin = await server.SignedInAsync();
        await Playing.ProviderAsync(admin, upstream, "redirect", Playing.Entry("Redirected", "redirected.test", upstream.Url("/live/redirected.ts")));
        var channel = await Playing.ChannelAsync(server, "Redirected");
        var token = await Playing.TokenAsync(admin);

        using var answer = await server.Anonymous().GetAsync($"/play/{token}/live/{channel}.ts");
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(upstream.Url("/live/redirected.ts"), answer.Headers.Location?.ToString());
        var session = Assert.Single(await Playing.DbAsync(server, db => db.Set<ViewingSession>().AsNoTracking().Where(s => s.ChannelId == channel).ToListAsync()));
        Assert.Equal(SessionSources.Redirect, session.Source);
        Assert.Null(session.EndedAt);

        // Three minutes without a sign of life: the sweeper closes it at its last_seen_at. The row is aged in the database and
        // the in-memory copy is let go first (as it would be after the idle limit).
        var lastSeen = DateTime.UtcNow.AddMinutes(-3);
        await Playing.DbAsync(server, db => db.Set<ViewingSession>().Where(s => s.Id == session.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.StartedAt, lastSeen.AddMinutes(-10)).SetProperty(s => s.LastSeenAt, lastSeen)));
        var tracker = server.Services.GetRequiredService<SessionTracker>();
        await tracker.EndAllAsync(CancellationToken.None);
        await Playing.DbAsync(server, db => db.Set<ViewingSession>().Where(s => s.Id == session.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, (DateTime?)null).SetProperty(s => s.LastSeenAt, lastSeen).SetProperty(s => s.DurationSeconds, (double?)null)));

        var run = await HealthTestsRun.RunJobAsync(admin, "session-sweeper");
        Assert.Contains("closed 1 idle sessions", run, StringComparison.Ordinal);
        var closed = await Playing.DbAsync(server, db => db.Set<ViewingSession>().AsNoTracking().SingleAsync(s => s.Id == session.Id));
        Assert.Equal(lastSeen, closed.EndedAt!.Value, TimeSpan.FromMilliseconds(5));
        Assert.Equal(600, closed.DurationSeconds!.Value, 0.01);
    }
}

internal static class HealthTestsRun
{
    public static async Task<string> RunJobAsync(HttpClient admin, string key)
    {
        var run = await Health.HealthTests.WaitForRunAsync(admin, await admin.PostAsync($"/api/admin/jobs/{key}/run", null));
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        return run.GetProperty("message").GetString()!;
    }
}
