using Erp.Data.Audit;
using Erp.Data.Paging;
using Erp.Web.Paging;
using Erp.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Audit;

/// <summary>What Shared/_History and _HistoryRows render: one page of a record's history, masked for the reader.</summary>
public sealed record HistoryPage(string Entity, long Id, IReadOnlyList<AuditEntry> Entries, string? OlderUrl, string? Error = null);

/// <summary>
/// The History section of the customer, product, order and invoice pages (docs/adr/0017-audit-reading.md): each page's
/// <c>GET History</c> handler answers with this, loaded lazily by htmx. The newest <see cref="PageSize"/> entries, then
/// "Show older" with a signed cursor; personal values masked unless the reader may see them (the one masking rule).
/// </summary>
public sealed class RecordHistory(AuditReadStore store, CursorCodec codec)
{
    public const int PageSize = 20;

    public async Task<IActionResult> SectionAsync(PageModel page, string entity, long id, string? older, CancellationToken ct)
    {
        var scope = new CursorScope("history", entity, $"id={id}");
        KeysetPosition? after = null;
        if (!string.IsNullOrEmpty(older))
        {
            try
            {
                after = codec.Decode(older, scope);
            }
            catch (InvalidCursorException e)
            {
                var refused = page.Partial("_HistoryRows", new HistoryPage(entity, id, [], null, e.Message));
                refused.StatusCode = StatusCodes.Status400BadRequest;
                return refused;
            }
        }
        var read = await store.HistoryAsync(entity, id, PageSize, after, ct);
        var canSeePersonal = await page.MayAsync(Policies.SeePersonalData);
        var entries = read.Rows.Select(e => e.MaskedFor(canSeePersonal)).ToList();
        var olderUrl = read.HasMore && entries.Count > 0
            ? page.Url.Page(null, "History", new { id, older = codec.Encode(scope, new KeysetPosition(entries[^1].OccurredAt, entries[^1].Id)) })
            : null;
        return page.Partial(after is null ? "_History" : "_HistoryRows", new HistoryPage(entity, id, entries, olderUrl));
    }
}
