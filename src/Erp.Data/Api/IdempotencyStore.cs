using Dapper;
using Erp.Data.Infrastructure;
using MySqlConnector;

namespace Erp.Data.Api;

public enum IdempotencyState
{
    /// <summary>The key is new: this request runs, and its answer is stored with <see cref="IdempotencyStore.CompleteAsync"/>.</summary>
    Started,
    /// <summary>The same key and request ran before: here is its first answer.</summary>
    Replay,
    /// <summary>The key was used for a different request (HTTP 422).</summary>
    Mismatch,
    /// <summary>The first request with this key has not answered yet (HTTP 409).</summary>
    InFlight,
}

/// <summary>A stored first answer, replayed byte for byte.</summary>
public sealed record StoredAnswer(int StatusCode, string? ContentType, string? Location, string? ETag, string? Body);

public sealed record IdempotencyClaim(IdempotencyState State, StoredAnswer? Answer = null);

/// <summary>
/// Idempotency keys of API POSTs (ADR 0015): per user, a key, the SHA-256 of the request and its first
/// answer, kept for <see cref="Retention"/>. Infrastructure like the data-protection key ring, not business
/// data: it is written outside the write path (no audit, no change list, nothing cached). The claim commits
/// before the request runs, so a concurrent request with the same key sees it in flight.
/// </summary>
public sealed class IdempotencyStore(Db db, TimeProvider time)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A claim left in flight this long (its node died mid-request) may be taken over.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

    private sealed record Row(byte[] RequestHash, short? StatusCode, string? ContentType, string? Location, string? ETag, string? ResponseBody,
        DateTime CreatedAt);

    public async Task<IdempotencyClaim> ClaimAsync(long userId, string key, byte[] requestHash, CancellationToken ct)
    {
        var now = Now();
        await using var connection = await db.OpenAsync(ct);
        // Expired keys go first (a bounded sweep on the created_at index), so a key can be reused after 24 hours.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM api_idempotency_keys WHERE created_at < @expired ORDER BY created_at LIMIT 100",
            new { expired = now - Retention }, cancellationToken: ct));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO api_idempotency_keys (user_id, idempotency_key, request_hash, created_at)
                    VALUES (@userId, @key, @requestHash, @now)
                    """, new { userId, key, requestHash, now }, cancellationToken: ct));
                return new IdempotencyClaim(IdempotencyState.Started);
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
            }
            var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
                SELECT request_hash AS RequestHash, status_code AS StatusCode, content_type AS ContentType, location,
                       etag AS ETag, response_body AS ResponseBody, created_at AS CreatedAt
                FROM api_idempotency_keys WHERE user_id = @userId AND idempotency_key = @key
                """, new { userId, key }, cancellationToken: ct));
            if (row is null)
            {
                continue; // expired and swept in between: claim again
            }
            if (!row.RequestHash.AsSpan().SequenceEqual(requestHash))
            {
                return new IdempotencyClaim(IdempotencyState.Mismatch);
            }
            if (row.StatusCode is { } status)
            {
                return new IdempotencyClaim(IdempotencyState.Replay, new StoredAnswer(status, row.ContentType, row.Location, row.ETag, row.ResponseBody));
            }
            if (row.CreatedAt >= now - AbandonedAfter)
            {
                return new IdempotencyClaim(IdempotencyState.InFlight);
            }
            // Abandoned in flight: take it over only if nobody else did meanwhile.
            var taken = await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE api_idempotency_keys SET created_at = @now
                WHERE user_id = @userId AND idempotency_key = @key AND status_code IS NULL AND created_at = @CreatedAt
                """, new { userId, key, now, row.CreatedAt }, cancellationToken: ct));
            return new IdempotencyClaim(taken == 1 ? IdempotencyState.Started : IdempotencyState.InFlight);
        }
        return new IdempotencyClaim(IdempotencyState.InFlight);
    }

    /// <summary>Stores the first answer of a claimed key; later requests with the key get it back.</summary>
    public async Task CompleteAsync(long userId, string key, StoredAnswer answer, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE api_idempotency_keys
            SET status_code = @StatusCode, content_type = @ContentType, location = @Location, etag = @ETag,
                response_body = @Body, completed_at = @now
            WHERE user_id = @userId AND idempotency_key = @key AND status_code IS NULL
            """, new { userId, key, answer.StatusCode, answer.ContentType, answer.Location, answer.ETag, answer.Body, now = Now() },
            cancellationToken: ct));
    }

    /// <summary>Gives a claimed key back (the request failed without an answer worth repeating): it may be tried again.</summary>
    public async Task ReleaseAsync(long userId, string key, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM api_idempotency_keys WHERE user_id = @userId AND idempotency_key = @key AND status_code IS NULL",
            new { userId, key }, cancellationToken: ct));
    }

    private DateTime Now()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }
}
