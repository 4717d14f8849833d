using System.Text.Json;
using Erp.Data.Infrastructure;

namespace Erp.Data.Audit;

/// <summary>The actions of audit_log rows: the triggers' row changes, a revert's, and the business events.</summary>
public static class AuditActions
{
    public const string Insert = "insert", Update = "update", Delete = "delete", Revert = "revert";

    public const string SignIn = "sign_in", SignInFailed = "sign_in_failed", SignOut = "sign_out", Lockout = "lockout",
        UserCreated = "user_created", RoleChanged = "role_changed", UserDisabled = "user_disabled",
        InvoiceEmailed = "invoice_emailed", ExportRun = "export_run", ChainVerified = "chain_verified";

    /// <summary>The business events, the only actions <see cref="AuditEvents"/> writes.</summary>
    public static readonly IReadOnlySet<string> Events = new HashSet<string>
    {
        SignIn, SignInFailed, SignOut, Lockout, UserCreated, RoleChanged, UserDisabled, InvoiceEmailed, ExportRun, ChainVerified,
    };
}

/// <summary>
/// One business event: what it is about (<paramref name="Entity"/> and <paramref name="EntityId"/>, in the audit
/// vocabulary, or <see cref="AuditEvents.ExportEntity"/> / <see cref="AuditEvents.ChainEntity"/>), the action, and
/// details stored as the row's <c>changes</c> JSON (snake_case keys). <see cref="Actor"/> overrides the unit of
/// work's actor (a sign-in acts for the user who signs in; a job for the user who asked for it).
/// </summary>
public sealed record AuditEvent(string Entity, long? EntityId, string Action, object? Details = null)
{
    public WriteContext? Actor { get; init; }
}

/// <summary>
/// The one writer of business events into audit_log (ADR 0018), beside the triggers' row changes and in the same
/// hash chain. <see cref="WriteAsync"/> joins the unit of work of the business write the event belongs to, so both
/// commit or neither does; <see cref="RecordAsync"/> is for events without a business write (a failed sign-in, a
/// sign-out). The application account may insert only the content columns (ADR 0012): the sealer chains the row.
/// </summary>
public sealed class AuditEvents(Db db)
{
    /// <summary>The entity of export_run events: the list_exports row.</summary>
    public const string ExportEntity = "export";

    /// <summary>The entity of chain_verified events: the trail itself (entity_id is the verify job's id, NULL for a verify-audit run).</summary>
    public const string ChainEntity = "audit_log";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes <paramref name="e"/> in <paramref name="uow"/>'s transaction; returns the audit row's id.</summary>
    public static Task<long> WriteAsync(UnitOfWork uow, AuditEvent e, CancellationToken ct)
    {
        if (!AuditActions.Events.Contains(e.Action))
        {
            throw new ArgumentOutOfRangeException(nameof(e), e.Action, "Not a business event of the audit vocabulary.");
        }
        var actor = e.Actor ?? uow.Context;
        return uow.QuerySingleOrDefaultAsync<long>("""
            INSERT INTO audit_log (occurred_at, actor_id, actor_name, db_user, client_ip, trace_id, entity, entity_id, action, changes)
            VALUES (UTC_TIMESTAMP(6), @ActorId, @ActorName, USER(), @ClientIp, @TraceId, @Entity, @EntityId, @Action, @details);
            SELECT LAST_INSERT_ID();
            """, new
        {
            actor.ActorId,
            actor.ActorName,
            actor.ClientIp,
            actor.TraceId,
            e.Entity,
            e.EntityId,
            e.Action,
            details = e.Details is null ? null : JsonSerializer.Serialize(e.Details, Json),
        }, ct);
    }

    /// <summary>An event that no business write carries: its own small transaction.</summary>
    public Task<long> RecordAsync(AuditEvent e, CancellationToken ct) => db.WriteAsync(uow => WriteAsync(uow, e, ct), ct);
}
