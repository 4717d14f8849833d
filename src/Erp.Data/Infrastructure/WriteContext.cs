namespace Erp.Data.Infrastructure;

/// <summary>
/// Who makes a change and from where: every unit of work carries one (ADR 0005). Audit rows
/// take actor, IP and trace id from it; jobs and logs name it. Outside a request the actor is
/// "system" (workers, start-up) or "seed" (the demo seeder).
/// </summary>
public sealed record WriteContext(long? ActorId, string ActorName, string? ClientIp, string? TraceId)
{
    public static WriteContext System { get; } = new(null, "system", null, null);
    public static WriteContext Seed { get; } = new(null, "seed", null, null);
}

/// <summary>Supplies the <see cref="WriteContext"/> of the current operation (the web app reads it from the request).</summary>
public interface IWriteContextAccessor
{
    WriteContext Current { get; }
}

/// <summary>No request in sight (command-line verbs, tests of the data layer): the system writes.</summary>
public sealed class SystemWriteContext : IWriteContextAccessor
{
    public WriteContext Current => WriteContext.System;
}
