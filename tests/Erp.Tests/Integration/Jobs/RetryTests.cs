using System.Diagnostics.Metrics;
using Erp.Data.Infrastructure;
using Erp.Data.Jobs;
using Erp.Tests.Support;
using Erp.Web.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Erp.Tests.Integration.Jobs.JobTestKit;

namespace Erp.Tests.Integration.Jobs;

/// <summary>
/// Retries, backoff and dead letters, driven by a worker on a FakeTimeProvider over the real jobs table:
/// the test moves the clock, the worker runs what is due.
/// </summary>
public sealed class RetryTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly FlakyJob _flaky = new();
    private readonly List<(string Instrument, long Value, string? Type)> _measurements = [];
    private MeterListener _listener = null!;
    private ErpApp _app = null!;
    private ServiceProvider _services = null!;
    private Db _db = null!;
    private JobStore _store = null!;
    private JobWorker _worker = null!;

    public async Task InitializeAsync()
    {
        _app = await ErpApp.StartAsync(seedOrders: 0, configure: Workers(enabled: false));
        _services = new ServiceCollection()
            .AddMetrics()
            .AddSingleton<IJobHandler>(_flaky)
            .BuildServiceProvider();
        _db = new Db(_app.Database.CreateDataSource(), time: _clock);
        _store = new JobStore(_db, _clock);
        var options = Options.Create(new JobsOptions { Slots = 2, Backoff = Backoff, MaxBackoff = TimeSpan.FromHours(1), Lease = TimeSpan.FromMinutes(1) });
        var metrics = new JobMetrics(_services.GetRequiredService<IMeterFactory>());
        _worker = new JobWorker(_store, new JobSignal(), _services.GetRequiredService<IServiceScopeFactory>(), metrics, _clock, options,
            NullLogger<JobWorker>.Instance);

        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == JobMetrics.MeterName && instrument.Meter.Scope == _services.GetRequiredService<IMeterFactory>())
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? type = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "type")
                {
                    type = tag.Value as string;
                }
            }
            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, type));
            }
        });
        _listener.Start();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        _worker.Dispose();
        await _services.DisposeAsync();
        await _app.DisposeAsync();
    }

    private Task<long> EnqueueFlakyAsync(int maxAttempts) =>
        _db.WriteAsync(uow => uow.EnqueueAsync(new JobRequest(FlakyJob.Name, "{}", MaxAttempts: maxAttempts), None), None);

    private long Count(string instrument) => _measurements.Where(m => m.Instrument == instrument && m.Type == FlakyJob.Name).Sum(m => m.Value);

    [Fact]
    public async Task A_failing_job_is_retried_with_growing_jittered_delays_then_dead_with_its_last_error()
    {
        var id = await EnqueueFlakyAsync(maxAttempts: 3);

        await _worker.RunDueAsync(None);
        var first = await JobAsync(_app.Database, id);
        var now = _clock.GetUtcNow().UtcDateTime;
        Assert.Equal((JobStatus.Pending, 1), (first.Status, first.Attempts));
        Assert.Equal("InvalidOperationException: Flaky attempt 1 failed", first.LastError);
        Assert.InRange(first.RunAt, now + (Backoff / 2) - TimeSpan.FromMilliseconds(1), now + Backoff);

        await _worker.RunDueAsync(None); // not due yet: nothing runs
        Assert.Equal(1, (await JobAsync(_app.Database, id)).Attempts);

        _clock.Advance(Backoff);
        await _worker.RunDueAsync(None);
        var second = await JobAsync(_app.Database, id);
        now = _clock.GetUtcNow().UtcDateTime;
        Assert.Equal((JobStatus.Pending, 2), (second.Status, second.Attempts));
        Assert.InRange(second.RunAt, now + Backoff - TimeSpan.FromMilliseconds(1), now + (2 * Backoff)); // doubled

        _clock.Advance(2 * Backoff);
        await _worker.RunDueAsync(None);
        var dead = await JobAsync(_app.Database, id);
        Assert.Equal((JobStatus.Dead, 3), (dead.Status, dead.Attempts));
        Assert.Equal("InvalidOperationException: Flaky attempt 3 failed", dead.LastError);
        Assert.NotNull(dead.FinishedAt);

        _clock.Advance(TimeSpan.FromDays(1));
        await _worker.RunDueAsync(None); // a dead job stays dead
        Assert.Equal(3, (await JobAsync(_app.Database, id)).Attempts);

        Assert.Equal((3, 3, 1), (Count("erp.jobs.started"), Count("erp.jobs.failed"), Count("erp.jobs.dead")));
    }

    [Fact]
    public async Task A_dead_job_retried_by_hand_runs_again_with_all_its_attempts()
    {
        var id = await EnqueueFlakyAsync(maxAttempts: 1);
        await _worker.RunDueAsync(None);
        Assert.Equal(JobStatus.Dead, (await JobAsync(_app.Database, id)).Status);

        _flaky.Failing = false;
        Assert.True(await _store.RetryAsync(id, None));
        Assert.False(await _store.RetryAsync(id, None)); // only a dead or cancelled job can be retried
        await _worker.RunDueAsync(None);

        var job = await JobAsync(_app.Database, id);
        Assert.Equal((JobStatus.Succeeded, 1), (job.Status, job.Attempts));
        Assert.Equal(1, Count("erp.jobs.succeeded"));
    }

    [Fact]
    public async Task A_cancelled_job_is_not_run()
    {
        _flaky.Failing = false;
        var id = await EnqueueFlakyAsync(maxAttempts: 3);
        Assert.True(await _store.CancelAsync(id, None));

        await _worker.RunDueAsync(None);

        Assert.Equal(JobStatus.Cancelled, (await JobAsync(_app.Database, id)).Status);
        Assert.Equal(0, Count("erp.jobs.started"));
    }

    [Fact]
    public async Task Finished_jobs_are_purged_after_the_retention_and_the_purge_schedules_its_next_run()
    {
        _flaky.Failing = false;
        var id = await EnqueueFlakyAsync(maxAttempts: 1);
        await _worker.RunDueAsync(None);
        var purge = new PurgeJob(_store, _clock, Options.Create(new JobsOptions { Retention = TimeSpan.FromDays(7), PurgeInterval = TimeSpan.FromHours(1) }));

        await RunPurgeAsync(purge);
        Assert.Equal(1, await _app.Database.ScalarAsync<long>("SELECT COUNT(*) FROM jobs WHERE id = @id", new { id }));

        _clock.Advance(TimeSpan.FromDays(8));
        await RunPurgeAsync(purge);
        Assert.Equal(0, await _app.Database.ScalarAsync<long>("SELECT COUNT(*) FROM jobs WHERE id = @id", new { id }));
        Assert.True(await _app.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM jobs WHERE type = 'jobs-purge' AND status = 'pending' AND run_at > @now",
            new { now = _clock.GetUtcNow().UtcDateTime }) >= 1);
    }

    private async Task RunPurgeAsync(PurgeJob purge)
    {
        var key = "purge-test-" + Guid.NewGuid().ToString("N");
        var id = await _db.WriteAsync(uow => uow.EnqueueAsync(new JobRequest(JobTypes.Purge, "{}", key), None), None);
        var claimed = (await _store.ClaimAsync("purge#1", 10, TimeSpan.FromMinutes(1), None)).Single(j => j.Id == id);
        await purge.RunAsync(new JobRun(claimed, _store), None);
    }

    [Theory]
    [InlineData(1, 5, 10)]
    [InlineData(2, 10, 20)]
    [InlineData(3, 20, 40)]
    [InlineData(20, 1800, 3600)] // capped at MaxBackoff
    public void Backoff_doubles_per_attempt_with_jitter_between_half_and_all_of_it(int attempt, double minSeconds, double maxSeconds)
    {
        var low = JobBackoff.Delay(attempt, Backoff, TimeSpan.FromHours(1), 0.0);
        var high = JobBackoff.Delay(attempt, Backoff, TimeSpan.FromHours(1), 1.0);
        Assert.Equal((minSeconds, maxSeconds), (low.TotalSeconds, high.TotalSeconds));
    }
}
