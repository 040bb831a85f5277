namespace M3uStrm.Server.Features.Outputs;

/// <summary>What players and media servers read: playlists, the Xtream-compatible API and the HDHomeRun tuner.</summary>
public static class OutputsSetup
{
    public static WebApplicationBuilder AddOutputs(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<OutputCatalog>();
        builder.Services.AddScoped<PlaylistExport>();
        builder.Services.AddScoped<XtreamCatalog>();
        builder.Services.AddScoped<XtreamGuide>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOutputs(this IEndpointRouteBuilder app)
    {
        PlaylistEndpoints.Map(app);
        XtreamEndpoints.Map(app);
        return app;
    }
}
