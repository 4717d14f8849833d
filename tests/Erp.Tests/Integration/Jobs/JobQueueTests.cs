using Erp.Data.Infrastructure;
using Erp.Data.Jobs;
using Erp.Tests.Support;
using Erp.Web.Jobs;
using Microsoft.Extensions.DependencyInjection;
using static Erp.Tests.Integration.Jobs.JobTestKit;

namespace Erp.Tests.Integration.Jobs;

/// <summary>The durable core on the real database: outbox enqueue, claims by several hosts, abandoned leases.</summary>
public sealed class JobQueueTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task An_enqueue_rolled_back_with_its_business_change_leaves_no_job_and_a_committed_one_leaves_exactly_one()
    {
        await using var app = await ErpApp.StartAsync(seedOrders: 0, configure: Workers(enabled: false));
        var db = app.Services.GetRequiredService<Db>();
        var key = "rollback-" + Guid.NewGuid().ToString("N");

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.WriteAsync(async uow =>
        {
            await uow.ExecuteAsync("""
                INSERT INTO customers (code, name, credit_limit, created_at, updated_at, version)
                VALUES ('ROLLBACK1', 'Rolled back', 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1)
                """, null, None);
            await uow.EnqueueAsync(Effect(key: key), None);
            throw new InvalidOperationException("the business change fails after the enqueue");
        }, None));

        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT COUNT(*) FROM jobs WHERE idempotency_key = @key", new { key }));
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT COUNT(*) FROM customers WHERE code = 'ROLLBACK1'"));

        var id = await db.WriteAsync(uow => uow.EnqueueAsync(Effect(key: key), None), None);
        var again = await db.WriteAsync(uow => uow.EnqueueAsync(Effect(key: key), None), None);

        Assert.Equal(id, again); // the idempotency key makes the second enqueue a no-op
        var job = await JobAsync(app.Database, id);
        Assert.Equal((EffectJob.Name, JobStatus.Pending, 0), (job.Type, job.Status, job.Attempts));
    }

    [Fact]
    public async Task A_delayed_job_is_not_claimed_before_its_time()
    {
        await using var app = await ErpApp.StartAsync(seedOrders: 0, configure: Workers(enabled: false));
        var store = app.Services.GetRequiredService<JobStore>();
        var id = await EnqueueAsync(app, Effect() with { Delay = TimeSpan.FromHours(1) });

        var claimed = await store.ClaimAsync("test#1", 100, TimeSpan.FromMinutes(1), None);

        Assert.DoesNotContain(claimed, j => j.Id == id);
        Assert.Equal(JobStatus.Pending, (await JobAsync(app.Database, id)).Status);
    }

    [Fact]
    public async Task Two_worker_hosts_on_one_table_run_each_of_many_jobs_exactly_once()
    {
        const int count = 400;
        await using var a = await ErpApp.StartAsync(seedOrders: 0, configure: Workers(enabled: true));
        await using var b = a.StartSecondHost(Workers(enabled: true));
        await CreateEffectsTableAsync(a.Database);

        var db = a.Services.GetRequiredService<Db>();
        var ids = await db.WriteAsync(async uow =>
        {
            var made = new List<long>();
            for (var i = 0; i < count; i++)
            {
                made.Add(await uow.EnqueueAsync(Effect(delayMs: 5), None));
            }
            return made;
        }, None);

        await WaitForAsync(async () => await a.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM jobs WHERE id IN @ids AND status = 'succeeded'", new { ids }) == count, $"{count} jobs succeeded");

        var effects = await a.Database.QueryAsync<(long JobId, string Node)>("SELECT job_id, node FROM test_job_effects");
        Assert.Equal(count, effects.Count);
        Assert.Equal(ids.Order(), effects.Select(e => e.JobId).Order());
        var nodes = effects.Select(e => e.Node).Distinct().ToList();
        Assert.Equal(2, nodes.Count); // both hosts took part
    }

    [Fact]
    public async Task A_job_whose_worker_died_is_reclaimed_after_its_lease_and_its_effect_happens_once()
    {
        await using var app = await ErpApp.StartAsync(seedOrders: 0, configure: Workers(enabled: false));
        await CreateEffectsTableAsync(app.Database);
        var store = app.Services.GetRequiredService<JobStore>();
        var id = await EnqueueAsync(app, Effect());

        // A worker claims the job with a short lease and dies: it never finishes nor renews.
        var dead = Assert.Single(await store.ClaimAsync("dead-node#1", 1, TimeSpan.FromMilliseconds(300), None));
        Assert.Equal(id, dead.Id);

        await using var survivor = app.StartSecondHost(Workers(enabled: true));
        await WaitForAsync(async () => (await JobAsync(app.Database, id)).Status == JobStatus.Succeeded, "the reclaimed job succeeded");

        // The dead worker wakes up and tries to finish: it no longer holds the job, so its effect is not recorded.
        await Assert.ThrowsAsync<JobLeaseLostException>(() => store.CompleteWithAsync(dead,
            uow => uow.ExecuteAsync("INSERT INTO test_job_effects (job_id, node) VALUES (@id, 'dead-node')", new { id }, None), None));

        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT COUNT(*) FROM test_job_effects WHERE job_id = @id", new { id }));
        var job = await JobAsync(app.Database, id);
        Assert.Equal(2, job.Attempts);
        Assert.Null(job.LockedBy);
    }

    [Fact]
    public async Task Shutdown_gives_back_a_job_that_does_not_finish_in_time_without_counting_the_attempt_and_claims_nothing_more()
    {
        var blocking = new BlockingJob();
        await using var app = await ErpApp.StartAsync(seedOrders: 0, configure: b =>
        {
            Workers(enabled: true, s => s.AddSingleton<IJobHandler>(blocking))(b);
            b.UseSetting("Jobs:ShutdownTimeout", "00:00:00.300");
        });
        var id = await EnqueueAsync(app, new JobRequest(BlockingJob.Name, "{}"));
        await blocking.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(JobStatus.Running, (await JobAsync(app.Database, id)).Status);

        await app.Services.GetRequiredService<JobWorker>().StopAsync(None);
        var later = await EnqueueAsync(app, Effect());

        var job = await JobAsync(app.Database, id);
        Assert.Equal((JobStatus.Pending, 0), (job.Status, job.Attempts));
        Assert.Null(job.LockedBy);
        await Task.Delay(300); // three poll intervals: a worker still claiming would have taken it
        Assert.Equal(JobStatus.Pending, (await JobAsync(app.Database, later)).Status);
    }

    [Fact]
    public async Task Shutdown_lets_a_running_job_finish_within_the_timeout()
    {
        var blocking = new BlockingJob();
        await using var app = await ErpApp.StartAsync(seedOrders: 0, configure: Workers(enabled: true, s => s.AddSingleton<IJobHandler>(blocking)));
        var id = await EnqueueAsync(app, new JobRequest(BlockingJob.Name, "{}"));
        await blocking.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var stopping = app.Services.GetRequiredService<JobWorker>().StopAsync(None);
        Assert.False(stopping.IsCompleted);
        blocking.Release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(JobStatus.Succeeded, (await JobAsync(app.Database, id)).Status);
    }
}
