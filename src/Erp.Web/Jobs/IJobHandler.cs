using System.Text.Json;
using Erp.Data.Infrastructure;
using Erp.Data.Jobs;

namespace Erp.Web.Jobs;

/// <summary>
/// Does the work of one job type. Runs at least once per job (docs/adr/0011-durable-jobs.md): a handler
/// that changes the database does so through <see cref="JobRun.CompleteWithAsync"/>, so its effect commits
/// once, together with the job's completion. An exception is a failed attempt (retried with backoff).
/// </summary>
public interface IJobHandler
{
    string Type { get; }

    Task RunAsync(JobRun run, CancellationToken ct);
}

/// <summary>One attempt of one job, as its handler sees it.</summary>
public sealed class JobRun(ClaimedJob job, JobStore store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public long Id => job.Id;
    public string Type => job.Type;
    public string Payload => job.Payload;

    /// <summary>1 on the first attempt.</summary>
    public int Attempt => job.Attempts;

    /// <summary>True once the handler completed the job with its effect; otherwise the worker completes it.</summary>
    public bool Completed { get; private set; }

    public T Read<T>() => JsonSerializer.Deserialize<T>(job.Payload, Json)
                          ?? throw new InvalidOperationException($"Job {job.Id} ({job.Type}) has an empty payload.");

    /// <summary>Commits <paramref name="effect"/> and the job's completion in one transaction (only while this worker holds the job).</summary>
    public async Task CompleteWithAsync(Func<UnitOfWork, Task> effect, CancellationToken ct)
    {
        await store.CompleteWithAsync(job, effect, ct);
        Completed = true;
    }
}
