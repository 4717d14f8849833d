using Erp.Data.Infrastructure;
using Erp.Data.Jobs;
using Erp.Tests.Support;
using Erp.Web.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Jobs;

/// <summary>
/// A job whose database effect is one row in test_job_effects (job id, node), committed with the job's completion:
/// counting those rows counts how often the effect happened.
/// </summary>
public sealed class EffectJob(JobWorker worker) : IJobHandler
{
    public const string Name = "test-effect";
    public sealed record Payload(int DelayMs);

    public string Type => Name;

    public async Task RunAsync(JobRun run, CancellationToken ct)
    {
        var delay = run.Read<Payload>().DelayMs;
        if (delay > 0)
        {
            await Task.Delay(delay, ct);
        }
        await run.CompleteWithAsync(uow => uow.ExecuteAsync(
            "INSERT INTO test_job_effects (job_id, node) VALUES (@Id, @node)", new { run.Id, node = worker.Node }, ct), ct);
    }
}

/// <summary>Fails while <see cref="Failing"/> is set, with a message that names the attempt.</summary>
public sealed class FlakyJob : IJobHandler
{
    public const string Name = "test-flaky";

    public bool Failing { get; set; } = true;

    public string Type => Name;

    public Task RunAsync(JobRun run, CancellationToken ct) =>
        Failing ? throw new InvalidOperationException($"Flaky attempt {run.Attempt} failed") : Task.CompletedTask;
}

/// <summary>Runs until <see cref="Release"/> completes (or its token is cancelled).</summary>
public sealed class BlockingJob : IJobHandler
{
    public const string Name = "test-blocking";

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Type => Name;

    public async Task RunAsync(JobRun run, CancellationToken ct)
    {
        Started.TrySetResult();
        await Release.Task.WaitAsync(ct);
    }
}

public static class JobTestKit
{
    /// <summary>Fast workers for tests: a short poll, and the test job types registered.</summary>
    public static Action<IWebHostBuilder> Workers(bool enabled, Action<IServiceCollection>? services = null, string poll = "00:00:00.100") => b =>
    {
        b.UseSetting("Jobs:Enabled", enabled ? "true" : "false");
        b.UseSetting("Jobs:PollInterval", poll);
        b.ConfigureTestServices(s =>
        {
            s.AddSingleton<IJobHandler, EffectJob>();
            services?.Invoke(s);
        });
    };

    /// <summary>Made after the migrations, so the application role (which the app runs as, ADR 0012) is granted it here.</summary>
    public static async Task CreateEffectsTableAsync(TestDatabase database)
    {
        await database.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS test_job_effects (job_id BIGINT NOT NULL, node VARCHAR(100) NOT NULL, KEY (job_id))
            """);
        await database.ExecuteAsync($"GRANT SELECT, INSERT, UPDATE, DELETE ON test_job_effects TO `{AppAccount.Role}`");
    }

    public static Task<long> EnqueueAsync(ErpApp app, JobRequest job) =>
        app.Services.GetRequiredService<Db>().WriteAsync(uow => uow.EnqueueAsync(job, CancellationToken.None), CancellationToken.None);

    public static JobRequest Effect(int delayMs = 0, string? key = null) =>
        new(EffectJob.Name, $$"""{"delayMs":{{delayMs}}}""", key);

    public sealed record JobRow(long Id, string Type, string Status, int Attempts, int MaxAttempts, DateTime RunAt, string? LockedBy,
        DateTime? LockedUntil, string? LastError, DateTime? FinishedAt);

    public static async Task<JobRow> JobAsync(TestDatabase database, long id) => (await database.QueryAsync<JobRow>("""
        SELECT id, type, status, attempts, max_attempts AS MaxAttempts, run_at AS RunAt, locked_by AS LockedBy,
               locked_until AS LockedUntil, last_error AS LastError, finished_at AS FinishedAt
        FROM jobs WHERE id = @id
        """, new { id })).Single();

    /// <summary>Waits for a condition (checked every 50 ms), failing with <paramref name="what"/> after <paramref name="seconds"/>.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {seconds} s for: {what}");
            }
            await Task.Delay(50);
        }
    }
}
