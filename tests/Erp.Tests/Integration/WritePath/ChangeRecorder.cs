using System.Collections.Concurrent;
using Erp.Data.Infrastructure;

namespace Erp.Tests.Integration.WritePath;

/// <summary>An after-commit subscriber that keeps what it was told, for the tests to read.</summary>
public sealed class ChangeRecorder : IAfterCommit
{
    private readonly ConcurrentQueue<CommittedWrite> _writes = new();

    public IReadOnlyList<CommittedWrite> Writes => [.. _writes];

    public void Clear() => _writes.Clear();

    public Task OnCommittedAsync(CommittedWrite write, CancellationToken ct)
    {
        _writes.Enqueue(write);
        return Task.CompletedTask;
    }
}
