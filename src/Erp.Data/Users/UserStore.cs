using Dapper;
using Erp.Data.Infrastructure;

namespace Erp.Data.Users;

public sealed record UserRecord(long Id, string Email, string DisplayName, string Role, string PasswordHash,
    int FailedLogins, DateTime? LockedUntil);

public static class Roles
{
    public const string Employee = "employee";
    public const string Admin = "admin";
}

public sealed class UserStore(Db db)
{
    public async Task<UserRecord?> FindByEmailAsync(string email, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition("""
            SELECT id, email, display_name AS DisplayName, role, password_hash AS PasswordHash,
                   failed_logins AS FailedLogins, locked_until AS LockedUntil
            FROM users WHERE email = @email
            """, new { email }, cancellationToken: ct));
    }

    public Task RecordLoginAsync(long id, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            await uow.ExecuteAsync(
                "UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = UTC_TIMESTAMP(6) WHERE id = @id",
                new { id }, ct);
            uow.Changed(Entities.User, id);
        }, ct);

    /// <summary>Counts a failed attempt; the account locks for <paramref name="lockout"/> once <paramref name="maxAttempts"/> is reached.</summary>
    public Task RecordFailedLoginAsync(long id, int maxAttempts, TimeSpan lockout, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            await uow.ExecuteAsync("""
            UPDATE users
            SET failed_logins = failed_logins + 1,
                locked_until = CASE WHEN failed_logins + 1 >= @maxAttempts
                                    THEN DATE_ADD(UTC_TIMESTAMP(6), INTERVAL @seconds SECOND) ELSE locked_until END,
                updated_at = UTC_TIMESTAMP(6)
            WHERE id = @id
            """, new { id, maxAttempts, seconds = (int)lockout.TotalSeconds }, ct);
            uow.Changed(Entities.User, id);
        }, ct);

    /// <summary>Creates the user or resets role, name and password of an existing one (demo users).</summary>
    public Task UpsertAsync(string email, string displayName, string role, string passwordHash, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            var id = await uow.QuerySingleOrDefaultAsync<long>("""
            INSERT INTO users (email, display_name, role, password_hash, created_at, updated_at)
            VALUES (@email, @displayName, @role, @passwordHash, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
            ON DUPLICATE KEY UPDATE display_name = VALUES(display_name), role = VALUES(role),
                password_hash = VALUES(password_hash), failed_logins = 0, locked_until = NULL,
                updated_at = UTC_TIMESTAMP(6), version = version + 1;
            SELECT id FROM users WHERE email = @email;
            """, new { email, displayName, role, passwordHash }, ct);
            uow.Changed(Entities.User, id);
        }, ct);
}
