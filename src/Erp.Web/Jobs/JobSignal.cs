using System.Threading.Channels;
using Erp.Data.Infrastructure;

namespace Erp.Web.Jobs;

/// <summary>
/// Wakes this node's workers at once: after a local write that enqueued a job commits (an after-commit
/// subscriber of the write path), and when a slot frees. One pending signal is enough, so the channel
/// holds at most one and drops the rest.
/// </summary>
public sealed class JobSignal : IAfterCommit
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Wake() => _channel.Writer.TryWrite(true);

    public Task OnCommittedAsync(CommittedWrite write, CancellationToken ct)
    {
        if (write.JobsReady.Count > 0)
        {
            Wake();
        }
        return Task.CompletedTask;
    }

    /// <summary>Returns when woken, after <paramref name="timeout"/> on <paramref name="time"/>'s clock, or when <paramref name="ct"/> is cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await _channel.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            // the poll interval passed, or the worker stops (its loop checks that)
        }
    }
}
