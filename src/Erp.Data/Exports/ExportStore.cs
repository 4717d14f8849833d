using System.Text.Json;
using Dapper;
using Erp.Data.Audit;
using Erp.Data.Infrastructure;
using Erp.Data.Jobs;

namespace Erp.Data.Exports;

/// <summary>The states of an export as its page shows them.</summary>
public static class ExportStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
    public const string Expired = "expired";
}

/// <summary>
/// A list's filter and sort, resolved the way its page resolved them (customer ids, UTC instants), so the
/// job reads exactly what the user saw. Lists: orders, customers, products, invoices.
/// </summary>
public sealed record ExportQuery(string List, string? Sort, string? Status, long? CustomerId, DateTime? From, DateTime? ToExclusive, string? Prefix);

/// <summary>An export, with the status of its newest list-export job (dead or cancelled: the export will not finish).</summary>
public sealed record ExportRow(long Id, long UserId, string List, string Query, string Status, long RowsWritten, string? FileName,
    DateTime CreatedAt, DateTime? FinishedAt, DateTime? ExpiresAt, string? JobStatus)
{
    /// <summary>Still pending or running, but its job gave up (dead letter) or an admin cancelled it.</summary>
    public bool Failed => Status is ExportStatus.Pending or ExportStatus.Running && JobStatus is Jobs.JobStatus.Dead or Jobs.JobStatus.Cancelled;

    public ExportQuery ReadQuery() => JsonSerializer.Deserialize<ExportQuery>(Query, ExportStore.Json)!;
}

/// <summary>The list_exports rows (infrastructure like the jobs table: no change list, no row audit).</summary>
public sealed class ExportStore(Db db, TimeProvider time)
{
    public const string JobType = "list-export";
    public const string ExpireJobType = "list-export-expire";
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record JobPayload(long ExportId);

    /// <summary>
    /// Records the export and enqueues its job in one transaction (the job exists iff the export does). The same
    /// user asking for the same list while that export is still being written gets that export (a double click,
    /// an impatient reload), not a second job.
    /// </summary>
    public Task<long> CreateAsync(long userId, ExportQuery query, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            var json = JsonSerializer.Serialize(query, Json);
            var running = await uow.Connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
                SELECT id FROM list_exports
                WHERE user_id = @userId AND status IN ('pending', 'running') AND query = @json
                ORDER BY id DESC LIMIT 1 FOR UPDATE
                """, new { userId, json }, uow.Transaction, cancellationToken: ct));
            if (running is { } existing)
            {
                return existing;
            }
            var id = await uow.Connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO list_exports (user_id, list, query, status, created_at)
                VALUES (@userId, @list, @query, 'pending', @now);
                SELECT LAST_INSERT_ID();
                """, new { userId, list = query.List, query = json, now = JobClock.Now(time) },
                uow.Transaction, cancellationToken: ct));
            await uow.EnqueueAsync(new JobRequest(JobType, JsonSerializer.Serialize(new JobPayload(id), Json), MaxAttempts: 3), ct);
            return id;
        }, ct);

    public async Task<ExportRow?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ExportRow>(new CommandDefinition("""
            SELECT e.id, e.user_id AS UserId, e.list, e.query, e.status, e.rows_written AS RowsWritten, e.file_name AS FileName,
                   e.created_at AS CreatedAt, e.finished_at AS FinishedAt, e.expires_at AS ExpiresAt,
                   (SELECT j.status FROM jobs j
                    WHERE j.type = 'list-export' AND JSON_VALUE(j.payload, '$.exportId') = e.id
                    ORDER BY j.id DESC LIMIT 1) AS JobStatus
            FROM list_exports e WHERE e.id = @id
            """, new { id }, cancellationToken: ct));
    }

    /// <summary>A new attempt starts from an empty file: the count goes back to zero.</summary>
    public Task StartAsync(long id, CancellationToken ct) => ExecuteAsync(
        "UPDATE list_exports SET status = 'running', rows_written = 0 WHERE id = @id AND status IN ('pending', 'running')", new { id }, ct);

    public Task ProgressAsync(long id, long rows, CancellationToken ct) => ExecuteAsync(
        "UPDATE list_exports SET rows_written = @rows WHERE id = @id AND status = 'running'", new { id, rows }, ct);

    /// <summary>Marks the export done (its file is in place) and schedules the file's expiry, inside the job's completion.</summary>
    public async Task FinishAsync(UnitOfWork uow, long id, long rows, string fileName, TimeSpan keepFor, CancellationToken ct)
    {
        var now = JobClock.Now(time);
        await uow.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE list_exports SET status = 'done', rows_written = @rows, file_name = @fileName, finished_at = @now, expires_at = @expires
            WHERE id = @id
            """, new { id, rows, fileName, now, expires = now + keepFor }, uow.Transaction, cancellationToken: ct));
        await uow.EnqueueAsync(new JobRequest(ExpireJobType, JsonSerializer.Serialize(new JobPayload(id), Json), $"{ExpireJobType}:{id}", keepFor), ct);
        // The business event (ADR 0018): who exported which list, with which filters, how many rows; acted by the
        // user who asked for the export (the job's worker runs as the system).
        var export = await uow.QuerySingleOrDefaultAsync<(long UserId, string Email, string List, string Query)>("""
            SELECT u.id, u.email, e.list, e.query FROM list_exports e JOIN users u ON u.id = e.user_id WHERE e.id = @id
            """, new { id }, ct);
        using var query = JsonDocument.Parse(export.Query);
        await AuditEvents.WriteAsync(uow, new AuditEvent(AuditEvents.ExportEntity, id, AuditActions.ExportRun,
            new { export.List, Rows = rows, Query = query.RootElement })
        {
            Actor = uow.Context with { ActorId = export.UserId, ActorName = export.Email },
        }, ct);
    }

    /// <summary>Marks the export expired inside the expiry job's completion; returns the file to delete.</summary>
    public async Task<string?> ExpireAsync(UnitOfWork uow, long id, CancellationToken ct)
    {
        var file = await uow.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT file_name FROM list_exports WHERE id = @id FOR UPDATE", new { id }, uow.Transaction, cancellationToken: ct));
        await uow.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE list_exports SET status = 'expired', file_name = NULL WHERE id = @id", new { id }, uow.Transaction, cancellationToken: ct));
        return file;
    }

    private async Task ExecuteAsync(string sql, object args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
    }
}
