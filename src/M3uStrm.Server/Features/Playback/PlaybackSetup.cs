namespace M3uStrm.Server.Features.Playback;

/// <summary>Registers the playback endpoint, viewing sessions and the player authentication they share with the outputs.</summary>
public static class PlaybackSetup
{
    public static WebApplicationBuilder AddPlayback(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PlayerAuth>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPlayback(this IEndpointRouteBuilder app) => app;
}
