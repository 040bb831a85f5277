using Microsoft.AspNetCore.Http.HttpResults;

namespace M3uStrm.Server.Hosting;

/// <summary>Problem-details answers with the field names clients see (snake_case) and the rule that failed.</summary>
public static class ApiProblems
{
    public static ValidationProblem Validation(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "One or more fields are invalid.");

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "One or more fields are invalid.");

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(detail: $"{what} was not found.", statusCode: StatusCodes.Status404NotFound, title: "Not Found");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    /// <summary>Validates the common paging parameters; out-of-range values are rejected, never clamped.</summary>
    public static ValidationProblem? CheckPaging(int page, int pageSize, int maxPageSize = 500)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }

        if (pageSize < 1 || pageSize > maxPageSize)
        {
            errors["page_size"] = [$"page_size must be between 1 and {maxPageSize}."];
        }

        return errors.Count > 0 ? Validation(errors) : null;
    }
}

/// <summary>A page of a list answer.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
