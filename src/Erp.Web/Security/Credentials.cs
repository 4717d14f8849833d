using Erp.Data.Users;
using Microsoft.AspNetCore.Identity;

namespace Erp.Web.Security;

/// <summary>
/// The one sign-in check, for the sign-in page and the API's token endpoint alike. Unknown user, wrong
/// password, locked and disabled accounts, and a client address with too many failed sign-ins
/// (<see cref="LoginThrottle"/>) all answer null after the same work (a hash is always verified), so nobody
/// can find out which accounts exist or which limit hit. A wrong password counts towards the lockout also
/// while the account is locked (ADR 0006); every failure counts against the client address (ADR 0013).
/// </summary>
public sealed class Credentials(UserStore users, IPasswordHasher<UserRecord> hasher, IConfiguration config, TimeProvider time,
    LoginThrottle throttle, ILogger<Credentials> logger)
{
    public const string InvalidMessage = "The email or password is not correct.";

    // A real hash to verify against when the user does not exist, so both paths take as long.
    private static readonly string DummyHash = new PasswordHasher<UserRecord>().HashPassword(null!, "not-a-password");

    /// <summary>The user when the e-mail and password are right and the account may sign in; null otherwise.</summary>
    public async Task<UserRecord?> CheckAsync(HttpContext context, string email, string password, CancellationToken ct)
    {
        var blocked = throttle.IsBlocked(context);
        var user = await users.FindByEmailAsync(email.Trim(), ct);
        var passwordOk = hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? DummyHash, password)
                         != PasswordVerificationResult.Failed;
        if (blocked)
        {
            logger.LogWarning("sign_in_blocked: {Address} has too many failed sign-ins", ClientAddress.Of(context));
            return null;
        }
        if (user is null)
        {
            return Failed(context, null);
        }
        if (!passwordOk)
        {
            await users.RecordFailedLoginAsync(user.Id, config.GetValue("Auth:MaxFailedAttempts", 5),
                TimeSpan.FromMinutes(config.GetValue("Auth:LockoutMinutes", 15)), ct);
            return Failed(context, user.Id);
        }
        if (user.IsDisabled || user.LockedUntil is { } until && until > time.GetUtcNow().UtcDateTime)
        {
            return Failed(context, user.Id);
        }
        await users.RecordLoginAsync(user.Id, ct);
        return user;
    }

    /// <summary>A failed attempt: counted against the client address, logged as the audit event name sign_in_failed.</summary>
    private UserRecord? Failed(HttpContext context, long? userId)
    {
        throttle.RecordFailure(context);
        logger.LogWarning("sign_in_failed: user {UserId} from {Address}", userId, ClientAddress.Of(context));
        return null;
    }
}
