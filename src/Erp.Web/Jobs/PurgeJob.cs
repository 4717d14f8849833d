using System.Globalization;
using Erp.Data.Infrastructure;
using Erp.Data.Jobs;
using Microsoft.Extensions.Options;

namespace Erp.Web.Jobs;

/// <summary>
/// Deletes finished jobs older than Jobs:Retention, then schedules its next run in the same transaction as its
/// completion. One run per Jobs:PurgeInterval slot across all nodes: the slot's start is the idempotency key.
/// </summary>
public sealed class PurgeJob(JobStore store, TimeProvider time, IOptions<JobsOptions> options) : IJobHandler
{
    private const int Batch = 5_000;

    public string Type => JobTypes.Purge;

    public async Task RunAsync(JobRun run, CancellationToken ct)
    {
        var cutoff = JobClock.Now(time) - options.Value.Retention;
        while (await store.PurgeAsync(cutoff, Batch, ct) == Batch)
        {
        }
        await run.CompleteWithAsync(uow => uow.EnqueueAsync(Next(time, options.Value), ct), ct);
    }

    /// <summary>The run due at the end of the current slot (a no-op when a node already scheduled it).</summary>
    public static JobRequest Next(TimeProvider time, JobsOptions options)
    {
        var now = time.GetUtcNow();
        var slot = Math.Max(options.PurgeInterval.Ticks, TimeSpan.TicksPerSecond);
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % slot), TimeSpan.Zero);
        var key = string.Create(CultureInfo.InvariantCulture, $"{JobTypes.Purge}:{start:yyyyMMddHHmmss}");
        return new JobRequest(JobTypes.Purge, "{}", key, start.AddTicks(slot) - now);
    }

    public static async Task ScheduleAsync(IServiceScopeFactory scopes, TimeProvider time, JobsOptions options, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Db>();
        await db.WriteAsync(uow => uow.EnqueueAsync(Next(time, options), ct), ct);
    }
}
