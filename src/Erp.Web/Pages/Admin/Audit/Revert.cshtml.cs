using Erp.Data.Audit;
using Erp.Web.Htmx;
using Erp.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Admin.Audit;

/// <summary>
/// One audit entry with "Revert this change" (admin only, by the /Admin folder rule). GET shows the entry's changes
/// and the button (when <see cref="Revertibility"/> allows it); POST reverts through <see cref="RevertStore"/>:
/// 200 with what was restored, 409 naming what changed since (or a taken code), 422 for what is never reverted
/// (documents, events, inserts, secrets). htmx gets the _RevertForm block back, a plain post the page.
/// </summary>
public sealed class RevertModel(AuditReadStore entries, RevertStore reverts) : PageModel
{
    public AuditEntry Entry { get; private set; } = null!;

    public RevertResult? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var actor = Sessions.UserId(User) ?? throw new InvalidOperationException("An admin page without a signed-in user.");
        Result = await reverts.RevertAsync(id, actor, ct);
        if (Result.Outcome == RevertOutcome.NotFound || !await LoadAsync(id, ct))
        {
            return NotFound();
        }
        return this.PageOrFragment("_RevertOutcome", Result.Outcome switch
        {
            RevertOutcome.Reverted or RevertOutcome.Recreated => StatusCodes.Status200OK,
            RevertOutcome.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        });
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await entries.GetAsync(id, ct) is not { } entry)
        {
            return false;
        }
        Entry = entry.MaskedFor(await this.MayAsync(Policies.SeePersonalData));
        return true;
    }
}
