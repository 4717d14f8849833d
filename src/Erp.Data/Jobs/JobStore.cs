using Dapper;
using Erp.Data.Infrastructure;
using Erp.Data.Paging;

namespace Erp.Data.Jobs;

/// <summary>
/// The jobs table (docs/adr/0011-durable-jobs.md): claims with FOR UPDATE SKIP LOCKED and a lease,
/// completion guarded by the lease's token, retries, dead letters, the admin list. Job rows are
/// infrastructure, so nothing here records a change; a job's business effect commits through
/// <see cref="CompleteWithAsync"/> in the same transaction as its completion.
/// </summary>
public sealed class JobStore(Db db, TimeProvider time)
{
    private const string ListColumns = """
        id, type, status, attempts, max_attempts AS MaxAttempts, run_at AS RunAt, created_at AS CreatedAt,
        finished_at AS FinishedAt, locked_by AS LockedBy, last_error AS LastError
        """;

    private DateTime Now => JobClock.Now(time);

    /// <summary>
    /// Takes up to <paramref name="max"/> due jobs, oldest first, that no other transaction holds, and leases them
    /// to <paramref name="lockToken"/> until now + <paramref name="lease"/>. Each claim counts as an attempt.
    /// </summary>
    public Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string lockToken, int max, TimeSpan lease, CancellationToken ct) =>
        db.WriteAsync<IReadOnlyList<ClaimedJob>>(async uow =>
        {
            var now = Now;
            var due = (await uow.QueryAsync<ClaimedJob>("""
                SELECT id, type, payload, attempts, max_attempts AS MaxAttempts, '' AS LockToken
                FROM jobs FORCE INDEX (ix_jobs_claim)
                WHERE status = 'pending' AND run_at <= @now
                ORDER BY run_at, id
                LIMIT @max
                FOR UPDATE SKIP LOCKED
                """, new { now, max }, ct)).ToList();
            if (due.Count == 0)
            {
                return [];
            }
            await uow.ExecuteAsync("""
                UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = @lockToken,
                                locked_until = @until, started_at = @now
                WHERE id IN @ids
                """, new { lockToken, until = now + lease, now, ids = due.Select(j => j.Id).ToArray() }, ct);
            return [.. due.Select(j => j with { Attempts = j.Attempts + 1, LockToken = lockToken })];
        }, ct);

    /// <summary>Extends the lease of a running job; false when this worker no longer holds it.</summary>
    public Task<bool> RenewAsync(ClaimedJob job, TimeSpan lease, CancellationToken ct) =>
        db.WriteAsync(async uow => await uow.ExecuteAsync("""
            UPDATE jobs SET locked_until = @until WHERE id = @Id AND locked_by = @LockToken AND status = 'running'
            """, new { job.Id, job.LockToken, until = Now + lease }, ct) == 1, ct);

    /// <summary>Marks the job done; throws <see cref="JobLeaseLostException"/> when its lease was lost meanwhile.</summary>
    public Task CompleteAsync(ClaimedJob job, CancellationToken ct) =>
        db.WriteAsync(uow => JobSql.MarkSucceededAsync(uow, job, ct), ct);

    /// <summary>
    /// Runs <paramref name="effect"/> and marks the job done in one transaction: the effect commits if and only if
    /// the job completes, so a job that is run twice (its lease expired) commits its effect once.
    /// </summary>
    public Task CompleteWithAsync(ClaimedJob job, Func<UnitOfWork, Task> effect, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            await JobSql.HoldAsync(uow, job, ct);
            await effect(uow);
            await JobSql.MarkSucceededAsync(uow, job, ct);
        }, ct);

    /// <summary>
    /// Records a failed attempt: back to pending at now + <paramref name="retryDelay"/>, or dead (with the error)
    /// when the attempts are used up. Answers the new status, or null when the lease was lost.
    /// </summary>
    public Task<string?> FailAsync(ClaimedJob job, string error, TimeSpan retryDelay, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            var now = Now;
            // Assignments run left to right: every IF tests attempts, which none of them changes.
            var changed = await uow.ExecuteAsync("""
                UPDATE jobs
                SET status = IF(attempts >= max_attempts, 'dead', 'pending'),
                    finished_at = IF(attempts >= max_attempts, @now, NULL),
                    run_at = IF(attempts >= max_attempts, run_at, @retryAt),
                    last_error = @error, locked_by = NULL, locked_until = NULL
                WHERE id = @Id AND locked_by = @LockToken AND status = 'running'
                """, new { job.Id, job.LockToken, now, retryAt = now + retryDelay, error = Truncate(error) }, ct);
            return changed == 1 ? (job.Attempts >= job.MaxAttempts ? JobStatus.Dead : JobStatus.Pending) : null;
        }, ct);

    /// <summary>Gives jobs back untouched (graceful shutdown): pending again, due now, the attempt not counted.</summary>
    public Task<int> ReleaseAsync(IReadOnlyCollection<ClaimedJob> jobs, CancellationToken ct) =>
        jobs.Count == 0 ? Task.FromResult(0) : db.WriteAsync(async uow =>
        {
            var released = 0;
            foreach (var job in jobs)
            {
                released += await uow.ExecuteAsync("""
                    UPDATE jobs SET status = 'pending', attempts = GREATEST(attempts - 1, 0), run_at = @now,
                                    locked_by = NULL, locked_until = NULL
                    WHERE id = @Id AND locked_by = @LockToken AND status = 'running'
                    """, new { job.Id, job.LockToken, now = Now }, ct);
            }
            return released;
        }, ct);

    /// <summary>
    /// Running jobs whose lease expired (their worker died or lost the database) become pending again, due now;
    /// dead when that attempt was their last.
    /// </summary>
    public Task<int> ReclaimExpiredAsync(CancellationToken ct) =>
        db.WriteAsync(async uow => await uow.ExecuteAsync("""
            UPDATE jobs FORCE INDEX (ix_jobs_lease)
            SET status = IF(attempts >= max_attempts, 'dead', 'pending'),
                finished_at = IF(attempts >= max_attempts, @now, NULL),
                last_error = CONCAT('The lease of ', locked_by, ' expired: its worker stopped or lost the database.'),
                run_at = @now, locked_by = NULL, locked_until = NULL
            WHERE status = 'running' AND locked_until < @now
            """, new { now = Now }, ct), ct);

    /// <summary>Deletes up to <paramref name="batch"/> finished jobs that finished before <paramref name="cutoff"/>.</summary>
    public Task<int> PurgeAsync(DateTime cutoff, int batch, CancellationToken ct) =>
        db.WriteAsync(async uow => await uow.ExecuteAsync("""
            DELETE FROM jobs
            WHERE finished_at < @cutoff AND status IN ('succeeded', 'dead', 'cancelled')
            ORDER BY finished_at
            LIMIT @batch
            """, new { cutoff, batch }, ct), ct);

    /// <summary>An admin's retry of a dead or cancelled job: pending again, due now, with all its attempts.</summary>
    public Task<bool> RetryAsync(long id, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            var type = await uow.QuerySingleOrDefaultAsync<string>(
                "SELECT type FROM jobs WHERE id = @id AND status IN ('dead', 'cancelled') FOR UPDATE", new { id }, ct);
            if (type is null)
            {
                return false;
            }
            await uow.ExecuteAsync("""
                UPDATE jobs SET status = 'pending', attempts = 0, run_at = @now, finished_at = NULL
                WHERE id = @id
                """, new { id, now = Now }, ct);
            uow.JobReady(type);
            return true;
        }, ct);

    /// <summary>An admin's cancel of a job that is waiting (pending) or dead; a running job cannot be stopped.</summary>
    public Task<bool> CancelAsync(long id, CancellationToken ct) =>
        db.WriteAsync(async uow => await uow.ExecuteAsync("""
            UPDATE jobs SET status = 'cancelled', finished_at = @now
            WHERE id = @id AND status IN ('pending', 'dead')
            """, new { id, now = Now }, ct) == 1, ct);

    public async Task<JobListItem?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<JobListItem>(new CommandDefinition(
            $"SELECT {ListColumns} FROM jobs WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>One page of /admin/jobs, newest first (keyset on id; the status or type index serves each filter).</summary>
    public async Task<Page<JobListItem>> PageAsync(JobListQuery query, CancellationToken ct)
    {
        var index = (query.Status, query.Type) switch
        {
            (not null, _) => "ix_jobs_status",
            (null, not null) => "ix_jobs_type",
            _ => "PRIMARY",
        };
        var filter = new KeysetFilter(query.Limit)
            .Add("status = @status", "status", query.Status)
            .Add("type = @type", "type", query.Type)
            .After(query.After, "id", descending: true, unique: true); // cursor, before and at (ADR 0014)
        var sql = $"""
            SELECT {ListColumns}
            FROM jobs FORCE INDEX ({index})
            {filter.Where}
            ORDER BY {Keyset.OrderBy("id", descending: true, unique: true, query.After)}
            LIMIT @take
            """;
        await using var connection = await db.OpenAsync(ct);
        return Keyset.ToPage(await connection.QueryAsync<JobListItem>(new CommandDefinition(sql, filter.Args, cancellationToken: ct)),
            query.Limit, query.After);
    }

    /// <summary>How many jobs per status and type (bounded by the retention purge).</summary>
    public async Task<IReadOnlyList<JobCount>> CountsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return [.. await connection.QueryAsync<JobCount>(new CommandDefinition("""
            SELECT status, type, COUNT(*) AS Count FROM jobs GROUP BY status, type ORDER BY status, type
            """, cancellationToken: ct))];
    }

    /// <summary>How many jobs are due and not yet claimed, and since when the oldest of them waits.</summary>
    public async Task<JobQueue> QueueAsync(CancellationToken ct)
    {
        var now = Now;
        await using var connection = await db.OpenAsync(ct);
        var queue = await connection.QuerySingleAsync<JobQueue>(new CommandDefinition("""
            SELECT COUNT(*) AS Due, MIN(run_at) AS OldestDue
            FROM jobs FORCE INDEX (ix_jobs_claim) WHERE status = 'pending' AND run_at <= @now
            """, new { now }, cancellationToken: ct));
        return queue with { Now = now };
    }

    private static string Truncate(string error) => error.Length <= 4000 ? error : error[..4000];
}
