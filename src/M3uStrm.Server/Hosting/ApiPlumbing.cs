using System.Text.Json;
using System.Text.Json.Serialization;
using Scalar.AspNetCore;

namespace M3uStrm.Server.Hosting;

/// <summary>JSON conventions, problem details for every error, OpenAPI + Scalar, and the SPA fallback.</summary>
public static class ApiPlumbing
{
    public static WebApplicationBuilder AddApiPlumbing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = null;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            // A body that is not valid JSON names the problem instead of answering an empty 400.
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Status = bad.StatusCode;
                context.ProblemDetails.Title = "The request is not valid.";
                context.ProblemDetails.Detail = bad.InnerException is JsonException json
                    ? $"The JSON body is not valid: {json.Message}"
                    : bad.Message;
            }
        });
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseApiPlumbing(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : 500 });
        app.UseStatusCodePages();
        return app;
    }

    public static WebApplication MapApiPlumbing(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("M3U-STRM Processor API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();

        // Unknown API routes answer 404 problem details, never the SPA's index.html.
        app.MapFallback("/api/{**path}", () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: "No API route matches this path."))
            .ExcludeFromDescription();
        app.MapFallbackToFile("index.html").AllowAnonymous();
        return app;
    }
}
