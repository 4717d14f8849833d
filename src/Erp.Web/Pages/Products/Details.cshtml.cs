using Erp.Data.Infrastructure;
using Erp.Data.Products;
using Erp.Web.Audit;
using Erp.Data.Rules;
using Erp.Data.Stock;
using Erp.Web.Forms;
using Erp.Web.Htmx;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Products;

public sealed class DetailsModel(ProductStore store) : PageModel
{
    private const string QuantityKey = $"{nameof(Adjust)}.{nameof(AdjustForm.Quantity)}";

    [FromRoute]
    public long Id { get; set; }

    [BindProperty]
    public AdjustForm Adjust { get; set; } = new();

    public Product Product { get; private set; } = null!;

    public IReadOnlyList<StockMovement> Movements { get; private set; } = [];

    public string AdjustUrl => Url.Page("/Products/Details", "Adjust", new { id = Id })!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>The History section (htmx, loaded when revealed): this product's changes, newest first.</summary>
    public Task<IActionResult> OnGetHistoryAsync(string? older, [FromServices] RecordHistory history, CancellationToken ct) =>
        history.SectionAsync(this, Entities.Product, Id, older, ct);

    public async Task<IActionResult> OnPostAdjustAsync(CancellationToken ct)
    {
        if (Adjust.Validate(ModelState, nameof(Adjust)) is not { } adjustment)
        {
            return await RefuseAsync(null, ct);
        }
        var result = await store.AdjustStockAsync(Id, adjustment.Delta, adjustment.Reason, ct);
        switch (result.Status)
        {
            case AdjustStatus.BelowReserved:
                var p = result.Product!;
                return await RefuseAsync($"Refused: {Quantities.Format(p.OnHand)} on hand {(adjustment.Delta < 0 ? "minus" : "plus")} "
                    + $"{Quantities.Format(Math.Abs(adjustment.Delta))} would leave less than the {Quantities.Format(p.Reserved)} reserved "
                    + $"for orders. At most {Quantities.Format(p.Available)} can be removed now.", ct);
            case AdjustStatus.TooLarge:
                return await RefuseAsync("Refused: the on-hand quantity would grow past what can be stored.", ct);
            case AdjustStatus.NotFound:
                return NotFound();
        }
        if (!Request.IsHtmx())
        {
            return Redirect(Url.Page("/Products/Details", new { id = Id })!); // post/redirect/get: a reload does not adjust twice
        }
        // htmx swaps the stock panel: new figures, the new movement on top, an empty form.
        ModelState.Clear();
        Adjust = new AdjustForm();
        await LoadAsync(ct);
        return this.PageOrFragment("_Stock");
    }

    private async Task<IActionResult> RefuseAsync(string? quantityError, CancellationToken ct)
    {
        if (quantityError is not null)
        {
            ModelState.AddModelError(QuantityKey, quantityError);
        }
        return await LoadAsync(ct) ? this.PageOrFragment("_Stock", StatusCodes.Status422UnprocessableEntity) : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await store.DetailAsync(Id, ct) is not { } detail)
        {
            return false;
        }
        (Product, Movements) = (detail.Product, detail.Movements);
        return true;
    }
}
