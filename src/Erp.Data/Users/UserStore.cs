using System.Security.Cryptography;
using Dapper;
using Erp.Data.Audit;
using Erp.Data.Infrastructure;

namespace Erp.Data.Users;

/// <summary>
/// Users, sign-in bookkeeping and user administration. Disabling, a role change and a new password
/// give the user a new security stamp, which ends their other sessions (ADR 0006).
/// </summary>
public sealed class UserStore(Db db)
{
    public const string EmailKey = "ux_users_email";

    private const string Columns = """
        id, email, display_name AS DisplayName, role, password_hash AS PasswordHash, security_stamp AS SecurityStamp,
        failed_logins AS FailedLogins, locked_until AS LockedUntil, disabled_at AS DisabledAt
        """;

    public static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public async Task<UserRecord?> FindByEmailAsync(string email, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE email = @email", new { email }, cancellationToken: ct));
    }

    public async Task<UserRecord?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<UserSession?> SessionAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserSession>(new CommandDefinition("""
            SELECT security_stamp AS SecurityStamp, role, disabled_at AS DisabledAt FROM users WHERE id = @id
            """, new { id }, cancellationToken: ct));
    }

    /// <summary>Inserts a user; an e-mail that is already taken comes back as <see cref="SaveStatus.Duplicate"/>.</summary>
    public Task<SaveResult<UserRecord>> CreateAsync(NewUser user, CancellationToken ct) =>
        UniqueKey.CatchDuplicateAsync(() => db.WriteAsync(async uow =>
        {
            var id = await uow.QuerySingleOrDefaultAsync<long>("""
                INSERT INTO users (email, display_name, role, password_hash, security_stamp, created_at, updated_at)
                VALUES (@Email, @DisplayName, @Role, @PasswordHash, @stamp, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
                SELECT LAST_INSERT_ID();
                """, new { user.Email, user.DisplayName, user.Role, user.PasswordHash, stamp = NewStamp() }, ct);
            uow.Changed(Entities.User, id);
            await AuditEvents.WriteAsync(uow, new AuditEvent(Entities.User, id, AuditActions.UserCreated, new { user.Email, user.Role }), ct);
            var row = await uow.QuerySingleOrDefaultAsync<UserRecord>($"SELECT {Columns} FROM users WHERE id = @id", new { id }, ct);
            return SaveResult<UserRecord>.Saved(row!);
        }, ct));

    /// <summary>A successful sign-in: resets the failure count and records the sign_in event, acted by the user who signed in.</summary>
    public Task RecordLoginAsync(long id, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            await uow.ExecuteAsync(
                "UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = UTC_TIMESTAMP(6) WHERE id = @id",
                new { id }, ct);
            uow.Changed(Entities.User, id);
            // Named as the user's later requests name them (the session's name claim: the display name).
            var name = await uow.QuerySingleOrDefaultAsync<string>("SELECT display_name FROM users WHERE id = @id", new { id }, ct);
            await AuditEvents.WriteAsync(uow, new AuditEvent(Entities.User, id, AuditActions.SignIn)
            {
                Actor = uow.Context with { ActorId = id, ActorName = name ?? uow.Context.ActorName },
            }, ct);
        }, ct);

    /// <summary>
    /// Counts a failed attempt, also while the account is locked or disabled (the count goes on silently);
    /// the account locks for <paramref name="lockout"/> once <paramref name="maxAttempts"/> is reached. Records the
    /// sign_in_failed event (reason wrong_password) and, when this attempt locked the account, the lockout event:
    /// both acted by the anonymous client, about the attempted account.
    /// </summary>
    public Task RecordFailedLoginAsync(long id, int maxAttempts, TimeSpan lockout, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            const string LockedNow = "SELECT COALESCE(locked_until > UTC_TIMESTAMP(6), FALSE) FROM users WHERE id = @id FOR UPDATE";
            var wasLocked = await uow.QuerySingleOrDefaultAsync<bool>(LockedNow, new { id }, ct);
            await uow.ExecuteAsync("""
            UPDATE users
            SET failed_logins = failed_logins + 1,
                locked_until = CASE WHEN failed_logins + 1 >= @maxAttempts
                                    THEN DATE_ADD(UTC_TIMESTAMP(6), INTERVAL @seconds SECOND) ELSE locked_until END,
                updated_at = UTC_TIMESTAMP(6)
            WHERE id = @id
            """, new { id, maxAttempts, seconds = (int)lockout.TotalSeconds }, ct);
            uow.Changed(Entities.User, id);
            await AuditEvents.WriteAsync(uow, new AuditEvent(Entities.User, id, AuditActions.SignInFailed, new { Reason = SignInFailure.WrongPassword }), ct);
            if (!wasLocked && await uow.QuerySingleOrDefaultAsync<bool>(LockedNow, new { id }, ct))
            {
                await AuditEvents.WriteAsync(uow, new AuditEvent(Entities.User, id, AuditActions.Lockout,
                    new { FailedAttempts = maxAttempts, LockedForSeconds = (int)lockout.TotalSeconds }), ct);
            }
        }, ct);

    /// <summary>Gives <paramref name="id"/> another role. Nobody demotes themself, and the last active admin stays one.</summary>
    public Task<UserChange> ChangeRoleAsync(long actorId, long id, string role, CancellationToken ct)
    {
        if (!Roles.All.Contains(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role.");
        }
        return db.WriteAsync(async uow =>
        {
            var admins = await LockActiveAdminsAsync(uow, ct);
            var target = await LockAsync(uow, id, ct);
            if (target is null)
            {
                return UserChange.NotFound;
            }
            if (target.Role == role)
            {
                return UserChange.Done;
            }
            if (id == actorId)
            {
                return UserChange.Self;
            }
            if (target.Role == Roles.Admin && !target.Disabled && admins.All(admin => admin == id))
            {
                return UserChange.LastAdmin;
            }
            await uow.ExecuteAsync("""
                UPDATE users SET role = @role, security_stamp = @stamp, updated_at = UTC_TIMESTAMP(6), version = version + 1
                WHERE id = @id
                """, new { id, role, stamp = NewStamp() }, ct);
            uow.Changed(Entities.User, id);
            await AuditEvents.WriteAsync(uow, new AuditEvent(Entities.User, id, AuditActions.RoleChanged, new { Before = target.Role, After = role }), ct);
            return UserChange.Done;
        }, ct);
    }

    /// <summary>Disables <paramref name="id"/> and ends their sessions. Nobody disables themself or the last active admin.</summary>
    public Task<UserChange> DisableAsync(long actorId, long id, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            var admins = await LockActiveAdminsAsync(uow, ct);
            var target = await LockAsync(uow, id, ct);
            if (target is null)
            {
                return UserChange.NotFound;
            }
            if (target.Disabled)
            {
                return UserChange.Done;
            }
            if (id == actorId)
            {
                return UserChange.Self;
            }
            if (target.Role == Roles.Admin && admins.All(admin => admin == id))
            {
                return UserChange.LastAdmin;
            }
            await uow.ExecuteAsync("""
                UPDATE users SET disabled_at = UTC_TIMESTAMP(6), security_stamp = @stamp, updated_at = UTC_TIMESTAMP(6),
                    version = version + 1
                WHERE id = @id
                """, new { id, stamp = NewStamp() }, ct);
            uow.Changed(Entities.User, id);
            await AuditEvents.WriteAsync(uow, new AuditEvent(Entities.User, id, AuditActions.UserDisabled), ct);
            return UserChange.Done;
        }, ct);

    public Task<UserChange> EnableAsync(long id, CancellationToken ct) =>
        UpdateAsync(id, "disabled_at = NULL", null, ct);

    /// <summary>Lifts a lockout and resets the failed-attempt count.</summary>
    public Task<UserChange> UnlockAsync(long id, CancellationToken ct) =>
        UpdateAsync(id, "failed_logins = 0, locked_until = NULL", null, ct);

    /// <summary>Sets a new password (already hashed) and ends the user's sessions.</summary>
    public Task<UserChange> ResetPasswordAsync(long id, string passwordHash, CancellationToken ct) =>
        UpdateAsync(id, "password_hash = @passwordHash, security_stamp = @stamp", new { passwordHash, stamp = NewStamp() }, ct);

    /// <param name="set">A fixed SET list from this class, never input.</param>
    private Task<UserChange> UpdateAsync(long id, string set, object? values, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            var args = new DynamicParameters(values);
            args.Add("id", id);
            var rows = await uow.ExecuteAsync(
                $"UPDATE users SET {set}, updated_at = UTC_TIMESTAMP(6), version = version + 1 WHERE id = @id", args, ct);
            if (rows == 0)
            {
                return UserChange.NotFound;
            }
            uow.Changed(Entities.User, id);
            return UserChange.Done;
        }, ct);

    private sealed record Locked(string Role, DateTime? DisabledAt)
    {
        public bool Disabled => DisabledAt is not null;
    }

    private static Task<Locked?> LockAsync(UnitOfWork uow, long id, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<Locked>(
            "SELECT role, disabled_at AS DisabledAt FROM users WHERE id = @id FOR UPDATE", new { id }, ct);

    /// <summary>
    /// Locks every active admin before the target row (always in this order, so two admins demoting
    /// or disabling each other at the same time are serialised instead of deadlocking, and cannot
    /// both succeed).
    /// </summary>
    internal static async Task<IReadOnlyList<long>> LockActiveAdminsAsync(UnitOfWork uow, CancellationToken ct) =>
        [.. await uow.QueryAsync<long>("SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL FOR UPDATE", null, ct)];
}

/// <summary>Why a sign-in failed, as the sign_in_failed event records it (admins only; the client always gets one message).</summary>
public static class SignInFailure
{
    public const string UnknownAccount = "unknown_account";
    public const string WrongPassword = "wrong_password";
    public const string Locked = "locked";
    public const string Disabled = "disabled";
}
