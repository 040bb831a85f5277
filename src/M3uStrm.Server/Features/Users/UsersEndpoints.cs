using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Auth;
using M3uStrm.Server.Hosting;
using M3uStrm.Server.Hosting.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Users;

/// <summary>Admin user management under <c>/api/admin/users</c>.</summary>
public static class UsersEndpoints
{
    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/users").WithTags("Users").RequireAuthorization(AuthSetup.AdminPolicy);
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapGet("/{id:guid}", Get);
        group.MapPut("/{id:guid}", Update);
        group.MapDelete("/{id:guid}", Delete);
        return app;
    }

    internal static async Task<Results<Ok<Paged<UserResponse>>, ValidationProblem>> List(
        UserManager<AppUser> users, int page = 1, int page_size = 50, CancellationToken cancellationToken = default)
    {
        if (ApiProblems.CheckPaging(page, page_size) is { } problem)
        {
            return problem;
        }

        var query = users.Users.OrderBy(u => u.UserName);
        var total = await query.CountAsync(cancellationToken);
        var slice = await query.Skip((page - 1) * page_size).Take(page_size).ToListAsync(cancellationToken);
        var items = new List<UserResponse>(slice.Count);
        foreach (var user in slice)
        {
            items.Add(await ToResponseAsync(users, user));
        }

        return TypedResults.Ok(new Paged<UserResponse>(items, total, page, page_size));
    }

    internal static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Get(Guid id, UserManager<AppUser> users)
    {
        var user = await users.FindByIdAsync(id.ToString());
        return user is null ? ApiProblems.NotFound("User") : TypedResults.Ok(await ToResponseAsync(users, user));
    }

    internal static async Task<Results<Created<UserResponse>, ValidationProblem>> Create(
        CreateUserRequest request, UserManager<AppUser> users, IAuditTrail audit, AppDbContext db, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Username))
        {
            errors["username"] = ["username is required."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["password is required."];
        }

        var role = request.Role ?? Roles.User;
        if (!Roles.All.Contains(role))
        {
            errors["role"] = ["role must be 'admin' or 'user'."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var user = AdminBootstrapper.NewUser(request.Username!.Trim(), time, string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim());
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            return IdentityErrors.ToProblem(created);
        }

        await users.AddToRoleAsync(user, role);
        audit.Add("user.create", "user", user.Id.ToString(), $"username={user.UserName} role={role}");
        await db.SaveChangesAsync();
        return TypedResults.Created($"/api/admin/users/{user.Id}", await ToResponseAsync(users, user));
    }

    internal static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, UpdateUserRequest request, UserManager<AppUser> users, IAuditTrail audit, AppDbContext db, HttpContext http)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return ApiProblems.NotFound("User");
        }

        if (request.Role is not null && !Roles.All.Contains(request.Role))
        {
            return ApiProblems.Validation("role", "role must be 'admin' or 'user'.");
        }

        var isSelf = users.GetUserId(http.User) == user.Id.ToString();
        var losesAdmin = (request.Role == Roles.User || request.Enabled == false) && await users.IsInRoleAsync(user, Roles.Admin);
        if (losesAdmin && (isSelf || await IsLastAdminAsync(users, user)))
        {
            return ApiProblems.Conflict(isSelf
                ? "You cannot disable or demote your own account."
                : "This is the last enabled admin; create another admin first.");
        }

        var changes = new List<string>();
        if (request.Email is not null)
        {
            var result = await users.SetEmailAsync(user, request.Email.Length == 0 ? null : request.Email.Trim());
            if (!result.Succeeded)
            {
                return IdentityErrors.ToProblem(result);
            }

            changes.Add("email");
        }

        if (request.Password is not null)
        {
            var validation = await ValidatePasswordAsync(users, user, request.Password);
            if (validation is not null)
            {
                return validation;
            }

            await users.RemovePasswordAsync(user);
            var result = await users.AddPasswordAsync(user, request.Password);
            if (!result.Succeeded)
            {
                return IdentityErrors.ToProblem(result);
            }

            await users.ResetAccessFailedCountAsync(user);
            await users.SetLockoutEndDateAsync(user, null);
            changes.Add("password reset");
        }

        if (request.Role is not null)
        {
            var current = await users.GetRolesAsync(user);
            await users.RemoveFromRolesAsync(user, current);
            await users.AddToRoleAsync(user, request.Role);
            changes.Add($"role={request.Role}");
        }

        if (request.Enabled is { } enabled && enabled != user.Enabled)
        {
            user.Enabled = enabled;
            await users.UpdateAsync(user);
            changes.Add(enabled ? "enabled" : "disabled");
        }

        if (changes.Count > 0)
        {
            // Signs the user out everywhere after a role, password or status change.
            await users.UpdateSecurityStampAsync(user);
        }

        audit.Add("user.update", "user", user.Id.ToString(), string.Join(", ", changes));
        await db.SaveChangesAsync();
        return TypedResults.Ok(await ToResponseAsync(users, user));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, UserManager<AppUser> users, IAuditTrail audit, AppDbContext db, HttpContext http)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return ApiProblems.NotFound("User");
        }

        if (users.GetUserId(http.User) == user.Id.ToString())
        {
            return ApiProblems.Conflict("You cannot delete your own account.");
        }

        if (await users.IsInRoleAsync(user, Roles.Admin) && await IsLastAdminAsync(users, user))
        {
            return ApiProblems.Conflict("This is the last enabled admin; create another admin first.");
        }

        await users.DeleteAsync(user);
        audit.Add("user.delete", "user", id.ToString(), $"username={user.UserName}");
        await db.SaveChangesAsync();
        return TypedResults.NoContent();
    }

    internal static async Task<ValidationProblem?> ValidatePasswordAsync(UserManager<AppUser> users, AppUser user, string password, string field = "password")
    {
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            if (!result.Succeeded)
            {
                return IdentityErrors.ToProblem(result, field);
            }
        }

        return null;
    }

    internal static async Task<UserResponse> ToResponseAsync(UserManager<AppUser> users, AppUser user) => new(
        user.Id,
        user.UserName ?? "",
        user.Email,
        [.. await users.GetRolesAsync(user)],
        user.Enabled,
        user.TwoFactorEnabled,
        user.LockoutEnd,
        user.CreatedAt,
        user.LastLoginAt);

    /// <summary>True when no other enabled admin would remain if <paramref name="target"/> lost its rights.</summary>
    private static async Task<bool> IsLastAdminAsync(UserManager<AppUser> users, AppUser target)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return target.Enabled && !admins.Any(a => a.Enabled && a.Id != target.Id);
    }
}
