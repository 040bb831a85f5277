namespace M3uStrm.Server.Tests;

public sealed class AuthTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task Login_with_the_admin_password_sets_a_cookie_and_me_answers()
    {
        var client = server.Browser();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = ServerFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("m3ustrm.auth=", StringComparison.Ordinal));
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        var me = await (await client.GetAsync("/api/auth/me")).ReadJsonAsync();
        Assert.Equal("admin", me.GetProperty("username").GetString());
        Assert.Equal("admin", me.GetProperty("roles")[0].GetString());
        Assert.Equal(32, me.GetProperty("playback_token").GetString()!.Length);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_401()
    {
        var client = server.Anonymous();
        var wrong = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "not-the-password-1" });
        var unknown = await client.PostAsJsonAsync("/api/auth/login", new { username = "nobody-here", password = "not-the-password-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.Equal((await wrong.ReadJsonAsync()).GetProperty("detail").GetString(), (await unknown.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Missing_fields_are_named_in_the_validation_problem()
    {
        var response = await server.Anonymous().PostAsJsonAsync("/api/auth/login", new { username = "admin" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Account_locks_after_five_failures_even_for_the_right_password()
    {
        var admin = await server.SignedInAsync();
        const string password = "victim-password-123";
        await admin.PostAsJsonAsync("/api/admin/users", new { username = "victim", password, role = "user" });

        var client = server.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { username = "victim", password = "wrong-password-1" })).StatusCode);
        }

        var locked = await client.PostAsJsonAsync("/api/auth/login", new { username = "victim", password });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", (await locked.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);

        // An admin password reset unlocks the account.
        var users = await (await admin.GetAsync("/api/admin/users?page_size=200")).ReadJsonAsync();
        var id = users.GetProperty("items").EnumerateArray().First(u => u.GetProperty("username").GetString() == "victim").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync($"/api/admin/users/{id}", new { password = "fresh-password-456" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { username = "victim", password = "fresh-password-456" })).StatusCode);
    }

    [Fact]
    public async Task Bearer_token_authenticates_api_clients_without_cookies()
    {
        var client = server.Anonymous();
        var token = await (await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = ServerFactory.AdminPassword })).ReadJsonAsync();
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/users");
        request.Headers.Authorization = new("Bearer", token.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);

        var forged = new HttpRequestMessage(HttpMethod.Get, "/api/admin/users");
        forged.Headers.Authorization = new("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task Cookie_requests_from_another_origin_or_without_origin_are_refused()
    {
        var client = await server.SignedInAsync();
        var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/me/playback-token");
        foreign.Headers.Remove("Origin");
        foreign.Headers.Add("Origin", "http://evil.example");
        client.DefaultRequestHeaders.Remove("Origin");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/me/playback-token", null)).StatusCode);

        var same = new HttpRequestMessage(HttpMethod.Post, "/api/me/playback-token");
        same.Headers.Add("Origin", server.BaseAddress.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(same)).StatusCode);
    }

    [Fact]
    public async Task Two_factor_login_requires_a_valid_totp_code_once_enabled()
    {
        var admin = await server.SignedInAsync();
        const string password = "two-factor-pass-1";
        await admin.PostAsJsonAsync("/api/admin/users", new { username = "totp-user", password, role = "user" });
        var user = await server.SignedInAsync("totp-user", password);

        var setup = await (await user.GetAsync("/api/me/two-factor")).ReadJsonAsync();
        var key = setup.GetProperty("shared_key").GetString()!;
        Assert.StartsWith("otpauth://totp/", setup.GetProperty("authenticator_uri").GetString(), StringComparison.Ordinal);

        var badEnable = await user.PostAsJsonAsync("/api/me/two-factor/enable", new { code = "000000" == Totp.Code(key) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.BadRequest, badEnable.StatusCode);
        var enabled = await (await user.PostAsJsonAsync("/api/me/two-factor/enable", new { code = Totp.Code(key) })).ReadJsonAsync();
        Assert.True(enabled.GetProperty("enabled").GetBoolean());
        var recovery = enabled.GetProperty("recovery_codes")[0].GetString()!;

        var anonymous = server.Anonymous();
        var withoutCode = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "totp-user", password });
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.True((await withoutCode.ReadJsonAsync()).GetProperty("requires_two_factor").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "totp-user", password, two_factor_code = Totp.Code(key) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "totp-user", password, two_factor_code = recovery })).StatusCode);
        // A recovery code works once.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "totp-user", password, two_factor_code = recovery })).StatusCode);
    }
}
