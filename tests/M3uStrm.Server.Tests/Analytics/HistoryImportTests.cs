using M3uStrm.Server.Features.Playback;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Tests.Analytics;

public sealed class HistoryImportTests(AnalyticsFactory server) : IClassFixture<AnalyticsFactory>
{
    [Fact]
    public async Task A_file_with_bad_lines_imports_nothing_and_reports_every_bad_line_with_its_reason()
    {
        var admin = await server.SignedInAsync();
        var channels = await AnalyticsData.ChannelsAsync(server, "Import", 2);
        var importer = await AnalyticsData.UserAsync(admin, "importer");
        var csv = string.Join('\n',
            "username,channel,started_at,ended_at,duration_seconds,completed",
            $"importer,{channels[0].Id},2026-01-10T20:00:00+01:00,2026-01-10T21:00:00+01:00,,true",
            "nobody,Import 1,2026-01-10T20:00:00Z,2026-01-10T21:00:00Z,,false",
            "importer,No Such Channel,2026-01-10T20:00:00Z,,,",
            "importer,import2.tv,2026-01-10T20:00:00,2026-01-10T21:00:00Z,,",
            "importer,Import 2,2026-01-10T20:00:00Z,2026-01-10T19:00:00Z,,",
            "importer,Import 2,2026-01-10T20:00:00Z,2026-01-10T21:00:00Z,abc,maybe",
            $"importer,{channels[1].Id},2026-01-11T20:00:00Z,2026-01-11T21:00:00Z,3000,false");
        var response = await AnalyticsData.ImportAsync(admin, csv);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(0, body.GetProperty("imported").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray().Select(r => (Line: r.GetProperty("line").GetInt32(), Reason: r.GetProperty("reason").GetString()!)).ToList();
        Assert.Equal([3, 4, 5, 6, 7], rejected.Select(r => r.Line));
        Assert.Contains("unknown user 'nobody'", rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("unknown channel 'No Such Channel'", rejected[1].Reason, StringComparison.Ordinal);
        Assert.Contains("started_at is not an ISO 8601 time with an offset", rejected[2].Reason, StringComparison.Ordinal);
        Assert.Contains("ended_at is before started_at", rejected[3].Reason, StringComparison.Ordinal);
        Assert.Contains("duration_seconds", rejected[4].Reason, StringComparison.Ordinal);
        Assert.Contains("completed", rejected[4].Reason, StringComparison.Ordinal);
        Assert.Equal(0, await AnalyticsData.DbAsync(server, db => db.Set<ViewingSession>().CountAsync(s => s.UserId == importer)));
    }

    [Fact]
    public async Task Json_lines_import_all_rows_with_source_import_and_utc_times()
    {
        var admin = await server.SignedInAsync();
        var channels = await AnalyticsData.ChannelsAsync(server, "Jsonl", 1);
        var userId = await AnalyticsData.UserAsync(admin, "jsonl-user");
        var body = string.Join('\n',
            """{"username":"jsonl-user","channel":"jsonl1.tv","started_at":"2026-02-01T23:30:00-02:00","ended_at":"2026-02-02T01:00:00-02:00","completed":true}""",
            "",
            $$"""{"username":"jsonl-user","channel":{{channels[0].Id}},"started_at":"2026-02-03T10:00:00Z","ended_at":"2026-02-03T11:00:00Z","duration_seconds":1800}""");
        var response = await AnalyticsData.ImportAsync(admin, body, "application/x-ndjson");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.ReadJsonAsync()).GetProperty("imported").GetInt32());
        var rows = await AnalyticsData.DbAsync(server, db => db.Set<ViewingSession>().Where(s => s.UserId == userId).OrderBy(s => s.StartedAt).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(SessionSources.Import, r.Source));
        Assert.Equal(new DateTime(2026, 2, 2, 1, 30, 0, DateTimeKind.Utc), rows[0].StartedAt);
        Assert.Equal(5400, rows[0].DurationSeconds);
        Assert.True(rows[0].Completed);
        Assert.Equal(1800, rows[1].DurationSeconds);
        Assert.False(rows[1].Completed);

        Assert.Equal(HttpStatusCode.BadRequest, (await AnalyticsData.ImportAsync(admin, "x", "text/plain")).StatusCode);
    }
}
