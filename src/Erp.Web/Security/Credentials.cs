using Erp.Data.Users;
using Microsoft.AspNetCore.Identity;

namespace Erp.Web.Security;

/// <summary>
/// The one sign-in check, for the sign-in page and the API's token endpoint alike. Unknown user, wrong
/// password, locked and disabled accounts all answer null after the same work (a hash is always
/// verified), so nobody can find out which accounts exist. A wrong password counts towards the lockout
/// also while the account is locked (ADR 0006).
/// </summary>
public sealed class Credentials(UserStore users, IPasswordHasher<UserRecord> hasher, IConfiguration config, TimeProvider time)
{
    public const string InvalidMessage = "The email or password is not correct.";

    // A real hash to verify against when the user does not exist, so both paths take as long.
    private static readonly string DummyHash = new PasswordHasher<UserRecord>().HashPassword(null!, "not-a-password");

    /// <summary>The user when the e-mail and password are right and the account may sign in; null otherwise.</summary>
    public async Task<UserRecord?> CheckAsync(string email, string password, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email.Trim(), ct);
        var passwordOk = hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? DummyHash, password)
                         != PasswordVerificationResult.Failed;
        if (user is null)
        {
            return null;
        }
        if (!passwordOk)
        {
            await users.RecordFailedLoginAsync(user.Id, config.GetValue("Auth:MaxFailedAttempts", 5),
                TimeSpan.FromMinutes(config.GetValue("Auth:LockoutMinutes", 15)), ct);
            return null;
        }
        if (user.IsDisabled || user.LockedUntil is { } until && until > time.GetUtcNow().UtcDateTime)
        {
            return null;
        }
        await users.RecordLoginAsync(user.Id, ct);
        return user;
    }
}
