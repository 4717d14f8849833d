using Dapper;
using Erp.Data.Infrastructure;
using Erp.Data.Paging;

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

    /// <summary>The entity of the lines whose changes belong to a record's history (an order's lines, an invoice's lines).</summary>
    public static string? LineEntityOf(string entity) => entity switch
    {
        Entities.Order => Entities.OrderLine,
        Entities.Invoice => Entities.InvoiceLine,
        _ => null,
    };

    /// <summary>
    /// A record's history, newest first, <paramref name="limit"/> entries after <paramref name="after"/>: its own rows and
    /// events, and for an order or invoice its lines' rows (the lines are found by ix_audit_log_parent, every line row on
    /// ix_audit_log_record). Reads are bounded by that record's history, never by the size of the log.
    /// </summary>
    public async Task<Page<AuditEntry>> HistoryAsync(string entity, long id, int limit, KeysetPosition? after, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var lineEntity = LineEntityOf(entity);
        long[] lineIds = [];
        if (lineEntity is not null)
        {
            lineIds = [.. await connection.QueryAsync<long>(new CommandDefinition("""
                SELECT DISTINCT entity_id FROM audit_log FORCE INDEX (ix_audit_log_parent)
                WHERE entity = @lineEntity AND parent_id = @id
                """, new { lineEntity, id }, cancellationToken: ct))];
        }
        var (sql, args) = HistoryCommand(entity, id, lineEntity, lineIds, limit, after);
        var page = Keyset.ToPage(await connection.QueryAsync<AuditRow>(new CommandDefinition(sql, args, cancellationToken: ct)), limit, after);
        return new Page<AuditEntry>([.. page.Rows.Select(r => r.ToEntry())], page.HasMore);
    }

    /// <summary>The history query; public so tests can EXPLAIN it.</summary>
    public static (string Sql, DynamicParameters Args) HistoryCommand(string entity, long id, string? lineEntity, IReadOnlyCollection<long> lineIds,
        int limit, KeysetPosition? after)
    {
        var filter = new KeysetFilter(limit).After(after, "occurred_at", descending: true);
        filter.Args.Add("entity", entity);
        filter.Args.Add("id", id);
        var lines = "";
        if (lineEntity is not null && lineIds.Count > 0)
        {
            filter.Args.Add("lineEntity", lineEntity);
            filter.Args.Add("lineIds", lineIds);
            lines = " OR (entity = @lineEntity AND entity_id IN @lineIds)";
        }
        var keyset = filter.Where.Length > 0 ? " AND " + filter.Where["WHERE ".Length..] : "";
        var sql = $"""
            SELECT {Columns}
            FROM audit_log a FORCE INDEX (ix_audit_log_record)
            WHERE ((entity = @entity AND entity_id = @id){lines}){keyset}
            ORDER BY {Keyset.OrderBy("occurred_at", descending: true, unique: false, after)}
            LIMIT @take
            """;
        return (sql, filter.Args);
    }

    /// <summary>One page of /admin/audit, newest first (occurred_at, id), on the index <see cref="IndexFor"/> names.</summary>
    public async Task<Page<AuditEntry>> PageAsync(AuditListQuery query, CancellationToken ct)
    {
        var (sql, args) = PageCommand(query);
        await using var connection = await db.OpenAsync(ct);
        var page = Keyset.ToPage(await connection.QueryAsync<AuditRow>(new CommandDefinition(sql, args, cancellationToken: ct)), query.Limit, query.After);
        return new Page<AuditEntry>([.. page.Rows.Select(r => r.ToEntry())], page.HasMore);
    }

    /// <summary>
    /// The index that serves a filter combination; every one ends in (occurred_at, id), the list's order, so a page is a
    /// range read of limit + 1 index entries. With entity_id the record's own index is read and actor and action are
    /// checked on its rows (bounded by that record's history); actor with entity and action checks the action likewise.
    /// </summary>
    public static string IndexFor(AuditListQuery query) => query switch
    {
        { EntityId: not null } => "ix_audit_log_record",
        { ActorId: not null, Entity: not null } => "ix_audit_log_actor_entity",
        { ActorId: not null, Action: not null } => "ix_audit_log_actor_action",
        { ActorId: not null } => "ix_audit_log_actor",
        { Entity: not null, Action: not null } => "ix_audit_log_entity_action",
        { Entity: not null } => "ix_audit_log_entity_time",
        { Action: not null } => "ix_audit_log_action",
        _ => "ix_audit_log_time",
    };

    /// <summary>The keyset query for a page; public so tests can EXPLAIN it and count handler reads.</summary>
    public static (string Sql, DynamicParameters Args) PageCommand(AuditListQuery query)
    {
        if (query.EntityId is not null && query.Entity is null)
        {
            throw new ArgumentException("An entity id needs its entity.", nameof(query));
        }
        var filter = new KeysetFilter(query.Limit)
            .Add("actor_id = @actorId", "actorId", query.ActorId)
            .Add("entity = @entity", "entity", query.Entity)
            .Add("entity_id = @entityId", "entityId", query.EntityId)
            .Add("action = @action", "action", query.Action)
            .Add("occurred_at >= @from", "from", query.From)
            .Add("occurred_at < @to", "to", query.ToExclusive)
            .After(query.After, "occurred_at", descending: true);
        var sql = $"""
            SELECT {Columns}
            FROM audit_log a FORCE INDEX ({IndexFor(query)})
            {filter.Where}
            ORDER BY {Keyset.OrderBy("occurred_at", descending: true, unique: false, query.After)}
            LIMIT @take
            """;
        return (sql, filter.Args);
    }
}

/// <summary>
/// One page of /admin/audit. <see cref="From"/> and <see cref="ToExclusive"/> are UTC instants (the company's days,
/// ADR 0008); <see cref="EntityId"/> needs <see cref="Entity"/>.
/// </summary>
public sealed record AuditListQuery(long? ActorId, string? Entity, long? EntityId, string? Action, DateTime? From, DateTime? ToExclusive,
    int Limit, KeysetPosition? After = null);

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
