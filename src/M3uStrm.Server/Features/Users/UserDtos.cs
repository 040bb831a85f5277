namespace M3uStrm.Server.Features.Users;

public sealed record MeResponse(
    Guid Id,
    string Username,
    string? Email,
    IReadOnlyList<string> Roles,
    bool Enabled,
    bool TwoFactorEnabled,
    string PlaybackToken,
    string XtreamPassword,
    DateTime CreatedAt);

public sealed record UserResponse(
    Guid Id,
    string Username,
    string? Email,
    IReadOnlyList<string> Roles,
    bool Enabled,
    bool TwoFactorEnabled,
    DateTimeOffset? LockedOutUntil,
    DateTime CreatedAt,
    DateTime? LastLoginAt);

public sealed record CreateUserRequest(string? Username, string? Email, string? Password, string? Role);

public sealed record UpdateUserRequest(string? Email, string? Role, bool? Enabled, string? Password);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record PlaybackTokenResponse(string PlaybackToken);

public sealed record XtreamPasswordResponse(string XtreamPassword);

public sealed record TwoFactorStatus(bool Enabled, string SharedKey, string AuthenticatorUri);

public sealed record TwoFactorCodeRequest(string? Code, string? Password);

public sealed record TwoFactorEnabledResponse(bool Enabled, IReadOnlyList<string> RecoveryCodes);
