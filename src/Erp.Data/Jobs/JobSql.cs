using Erp.Data.Infrastructure;

namespace Erp.Data.Jobs;

/// <summary>The job statements that run inside a caller's unit of work (enqueue, finish with an effect).</summary>
internal static class JobSql
{
    /// <summary>
    /// ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id) makes a taken idempotency key a no-op that still
    /// answers the existing row's id (MariaDB and MySQL alike).
    /// </summary>
    public static async Task<long> InsertAsync(UnitOfWork uow, JobRequest job, CancellationToken ct)
    {
        if (job.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(job), job.MaxAttempts, "A job needs at least one attempt.");
        }
        var now = JobClock.Now(uow.Clock);
        await uow.ExecuteAsync("""
            INSERT INTO jobs (type, payload, status, attempts, max_attempts, run_at, idempotency_key, enqueued_by, created_at)
            VALUES (@Type, @Payload, 'pending', 0, @MaxAttempts, @runAt, @IdempotencyKey, @enqueuedBy, @now)
            ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)
            """, new
            {
                job.Type, job.Payload, job.MaxAttempts, job.IdempotencyKey, now,
                runAt = job.Delay is { } delay ? now + delay : now,
                enqueuedBy = uow.Context.ActorName,
            }, ct);
        return await uow.QuerySingleOrDefaultAsync<long>("SELECT CAST(LAST_INSERT_ID() AS SIGNED)", null, ct);
    }

    /// <summary>Locks the job row and checks this worker still holds it; otherwise the caller's transaction must not commit.</summary>
    public static async Task HoldAsync(UnitOfWork uow, ClaimedJob job, CancellationToken ct)
    {
        var held = await uow.QuerySingleOrDefaultAsync<long?>(
            "SELECT id FROM jobs WHERE id = @Id AND locked_by = @LockToken AND status = 'running' FOR UPDATE", job, ct);
        if (held is null)
        {
            throw new JobLeaseLostException(job.Id);
        }
    }

    public static async Task MarkSucceededAsync(UnitOfWork uow, ClaimedJob job, CancellationToken ct)
    {
        var changed = await uow.ExecuteAsync("""
            UPDATE jobs SET status = 'succeeded', finished_at = @now, locked_by = NULL, locked_until = NULL
            WHERE id = @Id AND locked_by = @LockToken AND status = 'running'
            """, new { job.Id, job.LockToken, now = JobClock.Now(uow.Clock) }, ct);
        if (changed != 1)
        {
            throw new JobLeaseLostException(job.Id);
        }
    }
}

/// <summary>Job times are the application's clock at DATETIME(6) precision (a FakeTimeProvider in tests).</summary>
public static class JobClock
{
    public static DateTime Now(TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }
}
