namespace Erp.Data.Infrastructure;

/// <summary>
/// One row a unit of work changed, named with the audit vocabulary ("customer:42", "order:1001").
/// After commit the change list goes to every <see cref="IAfterCommit"/> subscriber: the cache
/// turns it into tag removals, the job queue wakes its workers.
/// </summary>
public readonly record struct EntityChange(string Entity, long Id)
{
    public override string ToString() => $"{Entity}:{Id}";
}

/// <summary>The entity names of the change list (the same words as the audit trail).</summary>
public static class Entities
{
    public const string User = "user";
    public const string Customer = "customer";
    public const string Product = "product";
    public const string StockMovement = "stock_movement";
    public const string Order = "order";
    public const string OrderLine = "order_line";
    public const string Invoice = "invoice";
    public const string InvoiceLine = "invoice_line";
}

/// <summary>
/// Work that follows a committed change. It runs after the commit and cannot undo it: an
/// exception is logged and the request still succeeds (ADR 0005).
/// </summary>
public interface IAfterCommit
{
    Task OnCommittedAsync(CommittedWrite write, CancellationToken ct);
}

/// <summary>What a committed unit of work changed, and who changed it.</summary>
public sealed record CommittedWrite(WriteContext Context, IReadOnlyCollection<EntityChange> Changes)
{
    /// <summary>Types of the jobs the write enqueued or made runnable again (ADR 0011): the local workers wake for them.</summary>
    public IReadOnlyList<string> JobsReady { get; init; } = [];
}
