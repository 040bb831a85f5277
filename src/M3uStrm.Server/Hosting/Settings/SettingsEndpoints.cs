using System.Security.Claims;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Auth;
using M3uStrm.Server.Hosting.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace M3uStrm.Server.Hosting.Settings;

/// <summary>The effective server settings (<c>/api/admin/settings</c>) and changes to the ones that are safe at runtime.</summary>
public static class SettingsEndpoints
{
    public static WebApplicationBuilder AddSettings(this WebApplicationBuilder builder)
    {
        var provider = new DatabaseSettingsProvider();
        ((IConfigurationBuilder)builder.Configuration).Add(new DatabaseSettingsSource(provider));
        builder.Services.AddSingleton(provider);
        builder.Services.AddSingleton<SettingsService>();
        return builder;
    }

    /// <summary>Reads the stored settings into the configuration; after the migrations, before anything reads its options.</summary>
    public static async Task LoadSettingsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await app.Services.GetRequiredService<SettingsService>()
            .LoadAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), atStartup: true, app.Lifetime.ApplicationStopping);
    }

    public static IEndpointRouteBuilder MapSettings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/settings").WithTags("Settings").RequireAuthorization(AuthSetup.AdminPolicy);
        group.MapGet("/", List);
        group.MapPut("/", Update);
        return app;
    }

    internal static async Task<Ok<List<SettingResponse>>> List(SettingsService settings, AppDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.ListAsync(db, cancellationToken));

    internal static async Task<Results<Ok<List<SettingResponse>>, ValidationProblem>> Update(
        SettingsUpdate request, SettingsService settings, AppDbContext db, IAuditTrail audit, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (request.Values is null || request.Values.Count == 0)
        {
            return ApiProblems.Validation("values", "values must name at least one setting.");
        }

        var errors = await settings.UpdateAsync(db, audit, request, user.Identity?.Name, cancellationToken);
        return errors.Count > 0 ? ApiProblems.Validation(errors) : TypedResults.Ok(await settings.ListAsync(db, cancellationToken));
    }
}
