using System.Collections.Concurrent;
using System.Diagnostics;
using Erp.Data.Jobs;
using Microsoft.Extensions.Options;

namespace Erp.Web.Jobs;

/// <summary>
/// This node's workers (docs/adr/0011-durable-jobs.md): up to Jobs:Slots jobs at a time, claimed with
/// FOR UPDATE SKIP LOCKED and a lease that is renewed while each runs. Woken at once by <see cref="JobSignal"/>
/// after a local enqueue commits; polls every Jobs:PollInterval for other nodes' jobs, delayed jobs and
/// expired leases. On shutdown it stops claiming, lets running jobs finish within Jobs:ShutdownTimeout
/// and gives the rest back.
/// </summary>
public sealed class JobWorker(
    JobStore store,
    JobSignal signal,
    IServiceScopeFactory scopes,
    JobMetrics metrics,
    TimeProvider time,
    IOptions<JobsOptions> options,
    ILogger<JobWorker> logger) : BackgroundService
{
    private readonly JobsOptions _options = options.Value;
    private readonly ConcurrentDictionary<long, (ClaimedJob Job, Task Task)> _running = new();
    private readonly CancellationTokenSource _abandon = new();
    private long _claims;

    /// <summary>This node's name; each claim's lock token is this plus a claim number.</summary>
    public string Node { get; } = options.Value.NodeName
        ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        await Task.Yield();
        logger.LogInformation("Job worker {Node} started with {Slots} slots", Node, _options.Slots);
        try
        {
            await PurgeJob.ScheduleAsync(scopes, time, _options, stopping);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            logger.LogError(e, "Could not schedule the jobs purge; the next start tries again");
        }
        var nextLook = DateTimeOffset.MinValue;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() >= nextLook)
                {
                    nextLook = time.GetUtcNow() + _options.PollInterval;
                    var reclaimed = await store.ReclaimExpiredAsync(stopping);
                    if (reclaimed > 0)
                    {
                        logger.LogWarning("Reclaimed {Count} job(s) whose lease expired", reclaimed);
                    }
                    var queue = await store.QueueAsync(stopping);
                    metrics.Queue(queue.Due, queue.OldestAge);
                }
                if (await ClaimAsync(stopping))
                {
                    continue; // every free slot got a job: there may be more
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogError(e, "Job worker {Node} could not claim jobs; trying again in {Interval}", Node, _options.PollInterval);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                break;
            }
            await signal.WaitAsync(_options.PollInterval, time, stopping).ConfigureAwait(false);
        }
        await DrainAsync();
    }

    /// <summary>Claims jobs for the free slots and starts them; true when every free slot got one.</summary>
    private async Task<bool> ClaimAsync(CancellationToken ct)
    {
        var free = _options.Slots - _running.Count;
        if (free <= 0)
        {
            return false;
        }
        var token = $"{Node}#{Interlocked.Increment(ref _claims)}";
        var claimed = await store.ClaimAsync(token, free, _options.Lease, ct);
        foreach (var job in claimed)
        {
            var started = new TaskCompletionSource();
            var task = Task.Run(async () =>
            {
                await started.Task;
                await RunAsync(job);
            }, CancellationToken.None);
            _running[job.Id] = (job, task);
            started.SetResult();
        }
        return claimed.Count == free;
    }

    /// <summary>
    /// Runs every job that is due now and returns when they have finished (tests drive a worker this way
    /// with a fake clock; the hosted loop does the same continuously).
    /// </summary>
    public async Task RunDueAsync(CancellationToken ct)
    {
        await store.ReclaimExpiredAsync(ct);
        while (await ClaimAsync(ct) | !_running.IsEmpty)
        {
            await Task.WhenAll(_running.Values.Select(r => r.Task));
        }
    }

    private async Task RunAsync(ClaimedJob job)
    {
        var watch = Stopwatch.StartNew();
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(_abandon.Token);
        var renewing = RenewAsync(job, renewal);
        metrics.Started(job.Type);
        try
        {
            var run = new JobRun(job, store);
            await using (var scope = scopes.CreateAsyncScope())
            {
                var handler = scope.ServiceProvider.GetServices<IJobHandler>().FirstOrDefault(h => h.Type == job.Type)
                              ?? throw new InvalidOperationException($"No handler for job type '{job.Type}' on node {Node}.");
                await handler.RunAsync(run, renewal.Token);
            }
            if (!run.Completed)
            {
                await store.CompleteAsync(job, CancellationToken.None);
            }
            metrics.Succeeded(job.Type, watch.Elapsed);
        }
        catch (JobLeaseLostException e)
        {
            logger.LogWarning(e, "Job {JobId} ({Type}) finished after its lease was lost; its result was not recorded", job.Id, job.Type);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // shutting down past the timeout: DrainAsync gives the job back
        }
        catch (Exception e)
        {
            await FailAsync(job, e, watch.Elapsed);
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
            _running.TryRemove(job.Id, out _);
            signal.Wake(); // a slot is free
        }
    }

    private async Task FailAsync(ClaimedJob job, Exception error, TimeSpan took)
    {
        try
        {
            var delay = JobBackoff.Delay(job.Attempts, _options.Backoff, _options.MaxBackoff, Random.Shared.NextDouble());
            var status = await store.FailAsync(job, $"{error.GetType().Name}: {error.Message}", delay, CancellationToken.None);
            metrics.Failed(job.Type, took, status == JobStatus.Dead);
            if (status == JobStatus.Dead)
            {
                logger.LogError(error, "Job {JobId} ({Type}) is dead after {Attempts} attempt(s)", job.Id, job.Type, job.Attempts);
            }
            else
            {
                logger.LogWarning(error, "Job {JobId} ({Type}) attempt {Attempt} failed; retrying in {Delay}", job.Id, job.Type, job.Attempts, delay);
            }
        }
        catch (Exception e)
        {
            // The lease runs out and another worker reclaims the job: nothing is lost.
            logger.LogError(e, "Could not record the failure of job {JobId} ({Type}): {Error}", job.Id, job.Type, error.Message);
        }
    }

    /// <summary>Renews the lease every third of it; a lost lease cancels the job (another worker may run it).</summary>
    private async Task RenewAsync(ClaimedJob job, CancellationTokenSource running)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.Lease / 3, time, running.Token);
                if (!await store.RenewAsync(job, _options.Lease, running.Token))
                {
                    logger.LogWarning("Job {JobId} ({Type}) lost its lease", job.Id, job.Type);
                    await running.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not renew the lease of job {JobId}", job.Id);
        }
    }

    /// <summary>Lets running jobs finish within Jobs:ShutdownTimeout, then cancels and gives back the rest.</summary>
    private async Task DrainAsync()
    {
        var running = _running.Values.Select(r => r.Task).ToList();
        if (running.Count > 0)
        {
            logger.LogInformation("Job worker {Node} stopping: waiting for {Count} running job(s)", Node, running.Count);
            using var timeout = new CancellationTokenSource(_options.ShutdownTimeout, time);
            try
            {
                await Task.WhenAll(running).WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                var left = _running.Values.Select(r => r.Job).ToList();
                await _abandon.CancelAsync();
                await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
                var released = await store.ReleaseAsync(left, CancellationToken.None);
                logger.LogWarning("Job worker {Node} gave back {Count} job(s) that did not finish in time", Node, released);
            }
        }
        logger.LogInformation("Job worker {Node} stopped", Node);
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }
}
