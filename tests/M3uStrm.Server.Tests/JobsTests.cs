namespace M3uStrm.Server.Tests;

public sealed class JobsTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task Run_now_answers_202_with_a_run_id_whose_progress_can_be_followed()
    {
        var admin = await server.SignedInAsync();
        var accepted = await admin.PostAsync("/api/admin/jobs/housekeeping/run", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var runId = (await accepted.ReadJsonAsync()).GetProperty("run_id").GetString();
        Assert.Equal($"/api/admin/jobs/runs/{runId}", accepted.Headers.Location?.OriginalString);

        string? status = null;
        for (var i = 0; i < 100 && status != "succeeded"; i++)
        {
            var run = await (await admin.GetAsync($"/api/admin/jobs/runs/{runId}")).ReadJsonAsync();
            status = run.GetProperty("status").GetString();
            Assert.NotEqual("failed", status);
            if (status != "succeeded")
            {
                await Task.Delay(100);
            }
            else
            {
                Assert.Equal("manual:admin", run.GetProperty("triggered_by").GetString());
                Assert.StartsWith("deleted ", run.GetProperty("message").GetString(), StringComparison.Ordinal);
            }
        }

        Assert.Equal("succeeded", status);
        var jobs = await (await admin.GetAsync("/api/admin/jobs")).ReadJsonAsync();
        var housekeeping = jobs.EnumerateArray().Single(j => j.GetProperty("key").GetString() == "housekeeping");
        Assert.True(housekeeping.GetProperty("next_run_at").GetDateTime() > DateTime.UtcNow);
        Assert.Equal(runId, housekeeping.GetProperty("last_run").GetProperty("id").GetString());

        var history = await (await admin.GetAsync("/api/admin/jobs/housekeeping/runs")).ReadJsonAsync();
        Assert.Contains(history.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetString() == runId);
    }

    [Fact]
    public async Task Unknown_job_key_is_404_problem()
    {
        var admin = await server.SignedInAsync();
        var response = await admin.PostAsync("/api/admin/jobs/no-such-job/run", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no-such-job", (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
