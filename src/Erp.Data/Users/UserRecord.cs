namespace Erp.Data.Users;

public sealed record UserRecord(long Id, string Email, string DisplayName, string Role, string PasswordHash, string SecurityStamp,
    int FailedLogins, DateTime? LockedUntil, DateTime? DisabledAt)
{
    public bool IsDisabled => DisabledAt is not null;
}

/// <summary>What a sign-in cookie is checked against: a changed stamp or a disabled user ends the session.</summary>
public sealed record UserSession(string SecurityStamp, string Role, DateTime? DisabledAt)
{
    public bool Disabled => DisabledAt is not null;
}

/// <summary>A new user: the password is already hashed (passwords are never stored or logged as typed).</summary>
public sealed record NewUser(string Email, string DisplayName, string Role, string PasswordHash);

public static class Roles
{
    public const string Employee = "employee";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Employee, Admin];
}

/// <summary>The outcome of an administrator's change to a user.</summary>
public enum UserChange
{
    Done,
    NotFound,
    /// <summary>Administrators may not disable or demote themselves.</summary>
    Self,
    /// <summary>The change would leave no active administrator.</summary>
    LastAdmin,
}
