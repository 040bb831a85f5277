using M3uStrm.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace M3uStrm.Server.Features.Users;

/// <summary>Maps Identity's error codes to the request field they concern.</summary>
internal static class IdentityErrors
{
    public static ValidationProblem ToProblem(IdentityResult result, string passwordField = "password")
    {
        var errors = result.Errors
            .GroupBy(e => FieldOf(e.Code, passwordField))
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        return ApiProblems.Validation(errors);
    }

    private static string FieldOf(string code, string passwordField) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
        "InvalidUserName" or "DuplicateUserName" => "username",
        "InvalidEmail" or "DuplicateEmail" => "email",
        "InvalidRoleName" or "UserAlreadyInRole" or "UserNotInRole" => "role",
        _ => "request",
    };
}
