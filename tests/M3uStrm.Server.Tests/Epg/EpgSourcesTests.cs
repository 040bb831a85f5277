using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Epg;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace M3uStrm.Server.Tests.Epg;

/// <summary>Sources, refresh and ingest: fixture guides over real HTTP (plain, gzip, several UTC offsets, missing stops).</summary>
public sealed class EpgSourcesTests(EpgServerFactory server) : IClassFixture<EpgServerFactory>, IAsyncLifetime
{
    private EpgGuideHost guides = null!;

    public async Task InitializeAsync() => guides = await EpgGuideHost.StartAsync();

    public async Task DisposeAsync() => await guides.DisposeAsync();

    private async Task<List<(string Channel, DateTime Start)>> StoredAsync(long sourceId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await (from p in db.Set<Programme>()
                       join c in db.Set<EpgChannel>() on p.EpgChannelId equals c.Id
                       where p.SourceId == sourceId
                       select new { c.XmltvId, p.Start }).ToListAsync())
            .Select(r => (r.XmltvId, r.Start)).Order().ToList();
    }

    [Theory]
    [InlineData("xmltv/greek-xmltv/2021-02-05_grxmltv_nat_el.xml", 32)]
    [InlineData("xmltv/beijing-unicom/epg.xml.gz", 155)]
    [InlineData("xmltv/jellyfin-uk/UK_Data.xml", 5)]
    [InlineData("xmltv/i.mjh.nz/Kayo_epg.xml.gz", 13)]
    public async Task Refresh_stores_the_programmes_of_the_window_in_utc_from_plain_and_gzip_guides(string fixture, int channels)
    {
        var admin = await server.SignedInAsync();
        var name = Path.GetFileName(fixture);
        var xml = guides.ServeFixture(name, fixture);
        var id = await EpgApi.CreateSourceAsync(admin, name, guides.Url(name));

        var before = await EpgApi.ExpectedAsync(xml, DateTime.UtcNow);
        var log = await EpgApi.RefreshAsync(admin, id);
        var after = await EpgApi.ExpectedAsync(xml, DateTime.UtcNow);

        Assert.Equal("succeeded", log.GetProperty("status").GetString());
        Assert.Equal(channels, log.GetProperty("channels").GetInt32());
        Assert.True(log.GetProperty("duration_seconds").GetDouble() > 0);
        var stored = await StoredAsync(id);
        Assert.NotEmpty(stored);
        // Every programme of the window, at its UTC time (+0200 and +0800 offsets converted), nothing else.
        Assert.True(stored.SequenceEqual(before) || stored.SequenceEqual(after), $"stored {stored.Count}, expected {before.Count}/{after.Count}");
        Assert.Equal(stored.Count, log.GetProperty("programmes").GetInt32());

        // A second refresh replaces, never duplicates.
        Assert.Equal("succeeded", (await EpgApi.RefreshAsync(admin, id)).GetProperty("status").GetString());
        Assert.Equal(stored.Count, (await StoredAsync(id)).Count);
    }

    [Fact]
    public async Task Missing_stops_are_inferred_from_the_next_programme_of_the_channel()
    {
        var admin = await server.SignedInAsync();
        guides.ServeFixture("intervals", "parser-cases/xmltv-project/input/intervals.xml");
        var id = await EpgApi.CreateSourceAsync(admin, "intervals", guides.Url("intervals"));
        Assert.Equal("succeeded", (await EpgApi.RefreshAsync(admin, id)).GetProperty("status").GetString());

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.Set<Programme>().Where(p => p.SourceId == id).OrderBy(p => p.Id).ToListAsync();
        Assert.Equal(6, rows.Count);
        // The first programme has no stop; the next programme of channel "0" starts at the same minute.
        Assert.Equal(rows[1].Start, rows[0].Stop);
        Assert.All(rows, r => Assert.NotNull(r.Stop));
    }

    [Theory]
    [InlineData(GuideMode.NotFound, "failed", "404")]
    [InlineData(GuideMode.Html, "failed", "not an XMLTV guide")]
    [InlineData(GuideMode.Truncated, "failed", "not well-formed")]
    public async Task A_failing_source_never_wipes_its_programmes(GuideMode mode, string status, string reason)
    {
        var admin = await server.SignedInAsync();
        var name = $"failing-{mode}";
        guides.ServeFixture(name, "xmltv/greek-xmltv/2021-02-05_grxmltv_nat_el.xml");
        var id = await EpgApi.CreateSourceAsync(admin, name, guides.Url(name));
        Assert.Equal("succeeded", (await EpgApi.RefreshAsync(admin, id)).GetProperty("status").GetString());
        var kept = await StoredAsync(id);

        guides.Mode = mode;
        System.Text.Json.JsonElement log;
        try
        {
            log = await EpgApi.RefreshAsync(admin, id);
        }
        finally
        {
            guides.Mode = GuideMode.Normal;
        }

        Assert.Equal(status, log.GetProperty("status").GetString());
        Assert.Contains(log.GetProperty("error_details").EnumerateArray(), e => e.GetProperty("message").GetString()!.Contains(reason, StringComparison.OrdinalIgnoreCase));
        Assert.True((await StoredAsync(id)).SequenceEqual(kept));
        var source = await (await admin.GetAsync($"/api/admin/epg/sources/{id}")).ReadJsonAsync();
        Assert.Equal(status, source.GetProperty("last_refresh_status").GetString());
        Assert.Equal(kept.Count, source.GetProperty("programmes").GetInt32());
    }

    [Fact]
    public async Task A_guide_with_nothing_in_the_window_is_rejected_and_keeps_the_previous_programmes()
    {
        var admin = await server.SignedInAsync();
        guides.ServeFixture("stale", "xmltv/i.mjh.nz/MeTV_epg.xml");
        var id = await EpgApi.CreateSourceAsync(admin, "stale", guides.Url("stale"));
        Assert.Equal("succeeded", (await EpgApi.RefreshAsync(admin, id)).GetProperty("status").GetString());
        var kept = await StoredAsync(id);

        // The same guide as published (August 2026): every programme is outside the window.
        guides.Serve("stale", File.ReadAllText(Path.Combine(FixturePaths.Root, "xmltv/i.mjh.nz/MeTV_epg.xml")));
        Assert.Equal("rejected", (await EpgApi.RefreshAsync(admin, id)).GetProperty("status").GetString());
        Assert.True((await StoredAsync(id)).SequenceEqual(kept));
    }

    [Fact]
    public async Task Source_urls_are_encrypted_at_rest_and_masked_in_answers()
    {
        var admin = await server.SignedInAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/epg/sources", new { name = "secret", url = guides.Url("secret") });
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("s3cret-token", body, StringComparison.Ordinal);
        Assert.Contains("password=***", body, StringComparison.Ordinal);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Set<EpgSource>().SingleAsync(s => s.Name == "secret");
        Assert.DoesNotContain("s3cret-token", row.UrlProtected!, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", row.UrlMasked!, StringComparison.Ordinal);

        var invalid = await admin.PostAsJsonAsync("/api/admin/epg/sources", new { name = "bad", url = "ftp://example.org/guide.xml" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.ReadJsonAsync()).GetProperty("errors").TryGetProperty("url", out _));
    }

    [Fact]
    public async Task An_uploaded_gzip_guide_is_a_source_like_any_other()
    {
        var admin = await server.SignedInAsync();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(FixturePaths.Root, "xmltv/i.mjh.nz/Kayo_epg.xml.gz"));
        using var form = new MultipartFormDataContent { { new StringContent("uploaded kayo"), "name" }, { new ByteArrayContent(bytes), "file", "../../evil.xml.gz" } };
        var created = await admin.PostAsync("/api/admin/epg/sources/upload", form);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.True(File.Exists(Path.Combine(server.Database.DataDirectory, "uploads", $"epg-source-{id}.xml")));

        var log = await EpgApi.RefreshAsync(admin, id);
        Assert.Equal("succeeded", log.GetProperty("status").GetString());
        Assert.Equal(13, log.GetProperty("channels").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/epg/sources/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/epg/sources/{id}")).StatusCode);
        Assert.False(File.Exists(Path.Combine(server.Database.DataDirectory, "uploads", $"epg-source-{id}.xml")));
        Assert.Empty(await StoredAsync(id));
    }
}
