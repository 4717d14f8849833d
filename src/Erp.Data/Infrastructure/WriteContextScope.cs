namespace Erp.Data.Infrastructure;

/// <summary>
/// Names the actor for code that runs outside a request (the seed verb, a job worker acting for
/// the user who enqueued the job): <c>using (WriteContextScope.Begin(WriteContext.Seed)) { ... }</c>.
/// Flows with the async call chain and ends when disposed.
/// </summary>
public static class WriteContextScope
{
    private static readonly AsyncLocal<WriteContext?> Scoped = new();

    public static WriteContext? Current => Scoped.Value;

    public static IDisposable Begin(WriteContext context)
    {
        var previous = Scoped.Value;
        Scoped.Value = context;
        return new Restore(previous);
    }

    private sealed class Restore(WriteContext? previous) : IDisposable
    {
        public void Dispose() => Scoped.Value = previous;
    }
}
