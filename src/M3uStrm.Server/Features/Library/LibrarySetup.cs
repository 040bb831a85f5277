using M3uStrm.Server.Features.Auth;
using M3uStrm.Server.Features.Providers;
using M3uStrm.Server.Hosting.Jobs;

namespace M3uStrm.Server.Features.Library;

public static class LibrarySetup
{
    public static WebApplicationBuilder AddLibrary(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LibraryOptions>().BindConfiguration(LibraryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<LibraryAccount>();
        builder.Services.AddScoped<LibraryPlanner>();
        builder.Services.AddScoped<LibraryBuilder>();
        if (builder.Configuration.GetValue($"{LibraryOptions.Section}:{nameof(LibraryOptions.BuildAfterSync)}", true))
        {
            builder.Services.AddScoped<IProviderSyncObserver, LibraryAfterSync>();
        }

        builder.AddScheduledJob<LibraryBuildJob>(LibraryBuildJob.Key, "Writes the STRM/NFO library (also after each successful sync).", "0 45 4 * * ?");
        return builder;
    }

    public static IEndpointRouteBuilder MapLibrary(this IEndpointRouteBuilder app)
    {
        LibraryEndpoints.Map(app.MapGroup("/api/admin/library").WithTags("Library").RequireAuthorization(AuthSetup.AdminPolicy));
        return app;
    }
}
