namespace Erp.Data.Jobs;

/// <summary>The states of a job row (docs/adr/0011-durable-jobs.md).</summary>
public static class JobStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Dead = "dead";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Pending, Running, Succeeded, Dead, Cancelled];

    /// <summary>States a job never leaves by itself; the retention purge removes them.</summary>
    public static IReadOnlyList<string> Finished { get; } = [Succeeded, Dead, Cancelled];
}

/// <summary>The job types this application knows (the /admin/jobs type filter).</summary>
public static class JobTypes
{
    public const string InvoicePdf = "invoice-pdf";
    public const string InvoiceEmail = "invoice-email";
    public const string Purge = "jobs-purge";
    public const string AuditVerify = "audit-verify";
}

/// <summary>
/// What <see cref="Infrastructure.UnitOfWork.EnqueueAsync"/> inserts. <paramref name="IdempotencyKey"/>: a second
/// enqueue with the same key (while the first row exists) adds nothing. <paramref name="Delay"/>: not before then.
/// </summary>
public sealed record JobRequest(string Type, string Payload, string? IdempotencyKey = null, TimeSpan? Delay = null, int MaxAttempts = JobRequest.DefaultMaxAttempts)
{
    public const int DefaultMaxAttempts = 5;
}

/// <summary>A job a worker holds: <see cref="LockToken"/> names this claim (locked_by), so only its holder may finish it.</summary>
public sealed record ClaimedJob(long Id, string Type, string Payload, int Attempts, int MaxAttempts, string LockToken);

/// <summary>A row of /admin/jobs.</summary>
public sealed record JobListItem(long Id, string Type, string Status, int Attempts, int MaxAttempts, DateTime RunAt,
    DateTime CreatedAt, DateTime? FinishedAt, string? LockedBy, string? LastError);

/// <summary>How many jobs are in one status of one type.</summary>
public sealed record JobCount(string Status, string Type, long Count);

/// <summary>/admin/jobs' filters; <see cref="AfterId"/> is the keyset position (newest first).</summary>
public sealed record JobListQuery(string? Status, string? Type, int Limit, Erp.Data.Paging.KeysetPosition? After = null);

/// <summary>The job lost its lease (it expired and another worker took the job): its result must not be recorded.</summary>
public sealed class JobLeaseLostException(long jobId) : Exception($"Job {jobId} is no longer held by this worker (its lease expired).");

/// <summary>Jobs due and not claimed at <see cref="Now"/>, and when the oldest of them became due.</summary>
public sealed record JobQueue(long Due, DateTime? OldestDue)
{
    public DateTime Now { get; init; }

    public TimeSpan OldestAge => OldestDue is { } due && Now > due ? Now - due : TimeSpan.Zero;
}
