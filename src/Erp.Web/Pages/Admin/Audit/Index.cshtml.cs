using Erp.Data.Audit;
using Erp.Data.Rules;
using Erp.Web.Htmx;
using Erp.Web.Paging;
using Erp.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Admin.Audit;

/// <summary>
/// /admin/audit (admin only, by the /Admin folder rule): the audit trail as a keyset list, newest first, filtered by
/// actor, entity, entity_id, action and company days (docs/adr/0017-audit-reading.md). A row's "Show changes" loads
/// its before/after table into the row (htmx GET Changes), with personal values as the reader may see them.
/// </summary>
public sealed class IndexModel(AuditReadStore store, CompanyTime companyTime, CursorCodec codec) : KeysetListPage<AuditEntry>(codec)
{
    [BindProperty(Name = "actor", SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(Name = "entity", SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(Name = "entity_id", SupportsGet = true)] public string? EntityId { get; set; }
    [BindProperty(Name = "action", SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(Name = "from", SupportsGet = true)] public string? From { get; set; }
    [BindProperty(Name = "to", SupportsGet = true)] public string? To { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await ListAsync(AuditListRequest.Parse(new AuditListArgs(Actor, Entity, EntityId, Action, From, To), store, companyTime), ct);

    /// <summary>One row's changes cell: open (the diff, "Hide changes") or closed ("Show changes").</summary>
    public async Task<IActionResult> OnGetChangesAsync(long id, bool open, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } entry)
        {
            return NotFound();
        }
        var shown = entry.MaskedFor(await this.MayAsync(Policies.SeePersonalData));
        return Request.WantsFragment() ? Partial("_Changes", new AuditChangesCell(shown, open)) : Redirect(ListUrlAt(entry));
    }

    private string ListUrlAt(AuditEntry entry) => Url.Page("/Admin/Audit/Index", new { entity = entry.Entity, entity_id = entry.EntityId })!;
}

/// <summary>Model of _Changes: a row's changes cell, open or closed.</summary>
public sealed record AuditChangesCell(AuditEntry Entry, bool Open);
