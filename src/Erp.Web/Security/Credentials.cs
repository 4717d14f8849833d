using Erp.Data.Audit;
using Erp.Data.Infrastructure;
using Erp.Data.Users;
using Microsoft.AspNetCore.Identity;

namespace Erp.Web.Security;

/// <summary>
/// The one sign-in check, for the sign-in page and the API's token endpoint alike. Unknown user, wrong
/// password, locked and disabled accounts, and a client address with too many failed sign-ins
/// (<see cref="LoginThrottle"/>) all answer null after the same work (a hash is always verified), so nobody
/// can find out which accounts exist or which limit hit. A wrong password counts towards the lockout also
/// while the account is locked (ADR 0006); every failure counts against the client address (ADR 0013).
/// Each failure that is not throttled becomes one sign_in_failed audit event (ADR 0018): acted by the anonymous
/// client, about the attempted account when it exists, with the reason; never the password or the typed e-mail.
/// A throttled attempt writes no audit row, so failed sign-ins cannot flood the trail.
/// </summary>
public sealed class Credentials(UserStore users, IPasswordHasher<UserRecord> hasher, IConfiguration config, TimeProvider time,
    LoginThrottle throttle, AuditEvents events, ILogger<Credentials> logger)
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
            return await FailedAsync(context, null, SignInFailure.UnknownAccount, ct);
        }
        if (!passwordOk)
        {
            // Counts the failure and records its event (and a lockout) in one transaction.
            await users.RecordFailedLoginAsync(user.Id, config.GetValue("Auth:MaxFailedAttempts", 5),
                TimeSpan.FromMinutes(config.GetValue("Auth:LockoutMinutes", 15)), ct);
            return Failed(context, user.Id);
        }
        if (user.IsDisabled || user.LockedUntil is { } until && until > time.GetUtcNow().UtcDateTime)
        {
            return await FailedAsync(context, user.Id, user.IsDisabled ? SignInFailure.Disabled : SignInFailure.Locked, ct);
        }
        await users.RecordLoginAsync(user.Id, ct);
        return user;
    }

    /// <summary>A failed attempt that no account bookkeeping recorded: its sign_in_failed event on its own.</summary>
    private async Task<UserRecord?> FailedAsync(HttpContext context, long? userId, string reason, CancellationToken ct)
    {
        await events.RecordAsync(new AuditEvent(Entities.User, userId, AuditActions.SignInFailed, new { Reason = reason }), ct);
        return Failed(context, userId);
    }

    /// <summary>A failed attempt: counted against the client address, logged as the audit event name sign_in_failed.</summary>
    private UserRecord? Failed(HttpContext context, long? userId)
    {
        throttle.RecordFailure(context);
        logger.LogWarning("sign_in_failed: user {UserId} from {Address}", userId, ClientAddress.Of(context));
        return null;
    }
}
