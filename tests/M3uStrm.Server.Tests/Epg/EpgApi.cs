using System.Text.Json;
using M3uStrm.Formats.Xmltv;

namespace M3uStrm.Server.Tests.Epg;

public sealed class EpgServerFactory : ServerFactory
{
    public EpgServerFactory()
    {
        With("Epg:Retries", "0");
        With("Epg:TimeoutSeconds", "5");
        With("Providers:Retries", "0");
        With("Providers:TimeoutSeconds", "5");
    }
}

/// <summary>The EPG API as the tests drive it.</summary>
internal static class EpgApi
{
    public static async Task<long> CreateSourceAsync(HttpClient admin, string name, string url)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/epg/sources", new { name, url });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    /// <summary>Refreshes through the API, waits for the job run, and returns the newest refresh log row.</summary>
    public static async Task<JsonElement> RefreshAsync(HttpClient admin, long sourceId)
    {
        var accepted = await admin.PostAsync($"/api/admin/epg/sources/{sourceId}/refresh", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await WaitForRunAsync(admin, (await accepted.ReadJsonAsync()).GetProperty("run_id").GetString()!);
        return await LatestRefreshAsync(admin, sourceId);
    }

    public static async Task WaitForRunAsync(HttpClient admin, string runId)
    {
        for (var i = 0; i < 1200; i++)
        {
            var run = await (await admin.GetAsync($"/api/admin/jobs/runs/{runId}")).ReadJsonAsync();
            if (run.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the refresh did not finish in 120 s");
    }

    public static async Task<JsonElement> LatestRefreshAsync(HttpClient admin, long sourceId) =>
        (await (await admin.GetAsync($"/api/admin/epg/sources/{sourceId}/refreshes?page_size=1")).ReadJsonAsync()).GetProperty("items")[0];

    /// <summary>(channel, UTC start) of every programme the server should keep from <paramref name="xml"/> at <paramref name="now"/> (window 1 day back, 14 ahead).</summary>
    public static async Task<List<(string Channel, DateTime Start)>> ExpectedAsync(string xml, DateTime now)
    {
        var guide = await XmltvReader.ReadAllAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml)));
        return guide.Programmes
            .Where(p => (p.Stop ?? p.Start).UtcDateTime >= now.AddDays(-1) && p.Start.UtcDateTime <= now.AddDays(14))
            .Select(p => (p.Channel, p.Start.UtcDateTime)).Order().ToList();
    }
}
