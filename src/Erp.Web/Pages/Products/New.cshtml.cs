using Erp.Data.Infrastructure;
using Erp.Data.Products;
using Erp.Web.Forms;
using Erp.Web.Htmx;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Products;

public sealed class NewModel(ProductStore store) : ProductFormPage
{
    public override string FormUrl => Url.Page("/Products/New")!;

    public override int? EditedVersion => null;

    public void OnGet() => Input = new ProductForm { OpeningStock = "0", ReorderLevel = "0" };

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ValidInput() is not ({ } input, var openingStock))
        {
            return Invalid();
        }
        var result = await store.CreateAsync(input, openingStock, ct);
        return result.Status == SaveStatus.Saved
            ? this.NavigateTo(Url.Page("/Products/Details", new { id = result.Row!.Id })!)
            : Duplicate(result.DuplicateKey);
    }
}
