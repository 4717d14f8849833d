using Erp.Data.Infrastructure;
using Erp.Data.Products;
using Erp.Web.Forms;
using Erp.Web.Htmx;
using Erp.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Products;

public sealed class EditModel(ProductStore store) : ProductFormPage
{
    [FromRoute]
    public long Id { get; set; }

    /// <summary>The version the form was loaded with; the save only applies while the row still has it.</summary>
    [BindProperty]
    public int Version { get; set; }

    public override string FormUrl => Url.Page("/Products/Edit", new { id = Id })!;

    public override int? EditedVersion => Version;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await store.GetAsync(Id, ct) is not { } product)
        {
            return NotFound();
        }
        Input = ProductForm.From(product);
        Version = product.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var mayPrice = await this.MayAsync(Policies.ManagePrices);
        if (!mayPrice)
        {
            if (await store.GetAsync(Id, ct) is not { } stored)
            {
                return NotFound();
            }
            KeepUnitPrice(ProductForm.From(stored).UnitPrice);
        }
        if (ValidInput() is not ({ } input, _))
        {
            return Invalid();
        }
        var result = await store.UpdateAsync(Id, Version, input, keepUnitPrice: !mayPrice, ct);
        switch (result.Status)
        {
            case SaveStatus.Saved:
                return this.NavigateTo(Url.Page("/Products/Details", new { id = Id })!);
            case SaveStatus.Conflict:
                Stored = result.Row;
                return this.PageOrFragment("_Form", StatusCodes.Status409Conflict);
            case SaveStatus.Duplicate:
                return Duplicate(result.DuplicateKey);
            default:
                return NotFound();
        }
    }
}
