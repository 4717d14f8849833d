using Dapper;
using Erp.Data.Infrastructure;

namespace Erp.Data.Audit;

/// <summary>
/// Reads audit_log for people (docs/adr/0017-audit-reading.md): one entry, the admin list, a record's history.
/// Nothing is cached: the log is append-only and every read wants the newest rows.
/// </summary>
public sealed class AuditReadStore(Db db)
{
    /// <summary>The columns an <see cref="AuditEntry"/> is read from, for <see cref="AuditRow"/>.</summary>
    internal const string Columns = """
        a.id, a.occurred_at AS OccurredAt, a.actor_id AS ActorId, a.actor_name AS ActorName, a.db_user AS DbUser,
        a.client_ip AS ClientIp, a.trace_id AS TraceId, a.entity, a.entity_id AS EntityId, a.action,
        a.seq IS NOT NULL AS Sealed, a.changes
        """;

    /// <summary>One entry as stored (personal values unmasked: show it through <see cref="AuditEntry.MaskedFor"/>), or null.</summary>
    public async Task<AuditEntry?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<AuditRow>(new CommandDefinition($"""
            SELECT {Columns}
            FROM audit_log a
            WHERE a.id = @id
            """, new { id }, cancellationToken: ct));
        return row?.ToEntry();
    }
}

/// <summary>An audit_log row as Dapper reads it (properties, so <c>seq IS NOT NULL</c>'s integer converts); <see cref="ToEntry"/> parses its changes.</summary>
internal sealed class AuditRow
{
    public long Id { get; init; }
    public DateTime OccurredAt { get; init; }
    public long? ActorId { get; init; }
    public string ActorName { get; init; } = "";
    public string DbUser { get; init; } = "";
    public string? ClientIp { get; init; }
    public string? TraceId { get; init; }
    public string Entity { get; init; } = "";
    public long? EntityId { get; init; }
    public string Action { get; init; } = "";
    public bool Sealed { get; init; }
    public string? Changes { get; init; }

    public AuditEntry ToEntry() => new(Id, OccurredAt, ActorId, ActorName, DbUser, ClientIp, TraceId, Entity, EntityId, Action, Sealed,
        AuditEntry.ParseChanges(Entity, Changes));
}
