using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Outputs;

/// <summary>What players and media servers read: playlists, the Xtream-compatible API and the HDHomeRun tuner.</summary>
public static class OutputsSetup
{
    public static WebApplicationBuilder AddOutputs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HdHomeRunOptions>().BindConfiguration(HdHomeRunOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HdHomeRunOptions>, HdHomeRunOptionsValidation>();
        builder.Services.AddSingleton<HdHomeRunIdentity>();
        builder.Services.AddScoped<OutputCatalog>();
        builder.Services.AddScoped<PlaylistExport>();
        builder.Services.AddScoped<XtreamCatalog>();
        builder.Services.AddScoped<XtreamGuide>();
        builder.Services.AddScoped<TunerRequests>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOutputs(this IEndpointRouteBuilder app)
    {
        PlaylistEndpoints.Map(app);
        XtreamEndpoints.Map(app);
        HdHomeRunEndpoints.Map(app);
        return app;
    }
}
