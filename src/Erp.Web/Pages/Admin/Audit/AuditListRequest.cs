using Erp.Data.Audit;
using Erp.Data.Paging;
using Erp.Data.Rules;
using Erp.Web.Paging;

namespace Erp.Web.Pages.Admin.Audit;

public sealed record AuditListArgs(string? Actor, string? Entity, string? EntityId, string? Action, string? From, string? To);

/// <summary>
/// The filters of /admin/audit parsed once (unknown values: the list's 400): <c>actor</c> is a user id (the number
/// shown beside every actor, and on /admin/users), <c>entity</c> and <c>action</c> come from
/// <see cref="AuditVocabulary"/>, <c>entity_id</c> needs <c>entity</c>, <c>from</c>/<c>to</c> are days in the company
/// time zone.
/// </summary>
public static class AuditListRequest
{
    public static ListRequest<AuditEntry> Parse(AuditListArgs args, AuditReadStore store, CompanyTime companyTime)
    {
        var p = new ListParams();
        var actor = p.Id(args.Actor, "actor (a user id)");
        var entity = p.OneOf(args.Entity, "entity", AuditVocabulary.EntityNames);
        var entityId = p.Id(args.EntityId, "entity_id");
        var action = p.OneOf(args.Action, "action", AuditVocabulary.Actions);
        var from = p.Date(args.From, "from");
        var to = p.Date(args.To, "to");
        p.Require(entityId is null || entity is not null || !string.IsNullOrEmpty(args.Entity),
            "An entity_id needs its entity: choose an entity (customer, order, ...) too.");
        p.Require(from is null || to is null || from <= to, "The 'from' date must not be after the 'to' date.");

        var (fromUtc, toUtc) = companyTime.UtcRange(from, to);
        var query = new AuditListQuery(actor, entity, entityId, action, fromUtc, toUtc, 0);
        var scope = Scope(actor, entity, entityId, action, from, to);
        return new(scope, p.Error,
            (limit, after, ct) => store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(row.OccurredAt, row.Id), CustomerFilter.None);
    }

    /// <summary>The cursor scope of one filter combination: a cursor of other filters is refused (400).</summary>
    public static CursorScope Scope(long? actor, string? entity, long? entityId, string? action, DateOnly? from, DateOnly? to) =>
        new("audit", "time", $"actor={actor};entity={entity};entity_id={entityId};action={action};from={from:O};to={to:O}");
}
