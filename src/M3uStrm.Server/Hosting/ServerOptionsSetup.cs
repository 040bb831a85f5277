using Microsoft.AspNetCore.DataProtection;
using M3uStrm.Server.Features.Auth;

namespace M3uStrm.Server.Hosting;

public static class ServerOptionsSetup
{
    public static WebApplicationBuilder AddServerOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServerOptions>().Bind(builder.Configuration).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<SignInService>();

        // Data Protection keys live in the data directory so cookies and encrypted secrets survive restarts.
        var keys = Path.Combine(Path.GetFullPath(builder.Configuration["DataDirectory"] ?? "./data"), "keys");
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keys)).SetApplicationName("m3ustrm");
        return builder;
    }

    public static async Task EnsureAdminAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync(app.Lifetime.ApplicationStopping);
    }
}
