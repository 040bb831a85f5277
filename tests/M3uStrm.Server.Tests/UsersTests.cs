namespace M3uStrm.Server.Tests;

public sealed class UsersTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task Admin_creates_changes_disables_and_deletes_a_user_and_each_action_is_audited()
    {
        var admin = await server.SignedInAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/users", new { username = "carol", email = "carol@example.org", password = "carol-password-1", role = "user" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var carol = await created.ReadJsonAsync();
        var id = carol.GetProperty("id").GetString();
        Assert.Equal("user", carol.GetProperty("roles")[0].GetString());
        Assert.Equal($"/api/admin/users/{id}", created.Headers.Location?.OriginalString);

        var promoted = await (await admin.PutJsonAsync($"/api/admin/users/{id}", new { role = "admin" })).ReadJsonAsync();
        Assert.Equal("admin", promoted.GetProperty("roles")[0].GetString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync($"/api/admin/users/{id}", new { enabled = false })).StatusCode);
        var refused = await server.Anonymous().PostAsJsonAsync("/api/auth/login", new { username = "carol", password = "carol-password-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/users/{id}")).StatusCode);

        var audit = await (await admin.GetAsync("/api/admin/audit?page_size=100")).ReadJsonAsync();
        var actions = audit.GetProperty("items").EnumerateArray()
            .Where(a => a.GetProperty("target_id").GetString() == id)
            .Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(["user.delete", "user.update", "user.update", "user.create"], actions);
        Assert.All(audit.GetProperty("items").EnumerateArray(), a => Assert.Equal("admin", a.GetProperty("username").GetString()));
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_existing_session()
    {
        var admin = await server.SignedInAsync();
        await admin.PostAsJsonAsync("/api/admin/users", new { username = "dave", password = "dave-password-12", role = "user" });
        var dave = await server.SignedInAsync("dave", "dave-password-12");
        Assert.Equal(HttpStatusCode.OK, (await dave.GetAsync("/api/auth/me")).StatusCode);

        var id = (await (await dave.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("id").GetString();
        await admin.PutJsonAsync($"/api/admin/users/{id}", new { enabled = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await dave.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Invalid_input_is_rejected_with_the_field_and_rule()
    {
        var admin = await server.SignedInAsync();
        var weak = await (await admin.PostAsJsonAsync("/api/admin/users", new { username = "erin", password = "short", role = "user" })).ReadJsonAsync();
        Assert.Contains("at least 10", weak.GetProperty("errors").GetProperty("password")[0].GetString(), StringComparison.Ordinal);

        var badRole = await admin.PostAsJsonAsync("/api/admin/users", new { username = "erin", password = "erin-password-1", role = "superuser" });
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.True((await badRole.ReadJsonAsync()).GetProperty("errors").TryGetProperty("role", out _));

        var paging = await admin.GetAsync("/api/admin/users?page_size=0");
        Assert.Equal(HttpStatusCode.BadRequest, paging.StatusCode);
        Assert.True((await paging.ReadJsonAsync()).GetProperty("errors").TryGetProperty("page_size", out _));

        var malformed = await admin.PostAsync("/api/admin/users", new StringContent("{\"username\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);

        await admin.PostAsJsonAsync("/api/admin/users", new { username = "frank", password = "frank-password-1", role = "user" });
        var duplicate = await admin.PostAsJsonAsync("/api/admin/users", new { username = "frank", password = "frank-password-1", role = "user" });
        Assert.True((await duplicate.ReadJsonAsync()).GetProperty("errors").TryGetProperty("username", out _));
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted_disabled_or_deleted()
    {
        var admin = await server.SignedInAsync();
        var me = await (await admin.GetAsync("/api/auth/me")).ReadJsonAsync();
        var id = me.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutJsonAsync($"/api/admin/users/{id}", new { role = "user" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutJsonAsync($"/api/admin/users/{id}", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/api/admin/users/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_user_changes_their_password_and_rotates_their_playback_token()
    {
        var admin = await server.SignedInAsync();
        await admin.PostAsJsonAsync("/api/admin/users", new { username = "gina", password = "gina-password-12", role = "user" });
        var gina = await server.SignedInAsync("gina", "gina-password-12");

        var wrongCurrent = await gina.PutJsonAsync("/api/me/password", new { current_password = "nope-nope-123", new_password = "gina-new-pass-34" });
        Assert.True((await wrongCurrent.ReadJsonAsync()).GetProperty("errors").TryGetProperty("current_password", out _));
        var weak = await gina.PutJsonAsync("/api/me/password", new { current_password = "gina-password-12", new_password = "abc" });
        Assert.True((await weak.ReadJsonAsync()).GetProperty("errors").TryGetProperty("new_password", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await gina.PutJsonAsync("/api/me/password", new { current_password = "gina-password-12", new_password = "gina-new-pass-34" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().PostAsJsonAsync("/api/auth/login", new { username = "gina", password = "gina-password-12" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Anonymous().PostAsJsonAsync("/api/auth/login", new { username = "gina", password = "gina-new-pass-34" })).StatusCode);

        var before = (await (await gina.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("playback_token").GetString();
        var rotated = (await (await gina.PostAsync("/api/me/playback-token", null)).ReadJsonAsync()).GetProperty("playback_token").GetString();
        Assert.NotEqual(before, rotated);
        Assert.Equal(rotated, (await (await gina.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("playback_token").GetString());
    }
}
