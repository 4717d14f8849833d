using System.Globalization;
using Erp.Data.Products;
using Erp.Data.Rules;
using Erp.Web.Forms;
using Erp.Web.Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Products;

/// <summary>The product form as typed: text only, so a refused value is shown back unchanged.</summary>
public sealed class ProductForm
{
    public string? Sku { get; set; }
    public string? Name { get; set; }
    public string? UnitPrice { get; set; }
    public string? OpeningStock { get; set; }
    public string? ReorderLevel { get; set; }

    public static ProductForm From(Product p) => new()
    {
        Sku = p.Sku,
        Name = p.Name,
        UnitPrice = Money.FormatForInput(p.UnitPrice),
        ReorderLevel = p.ReorderLevel.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Every rule of the products table (migration 0003), checked before anything is written.</summary>
    public (ProductInput? Input, int OpeningStock) Validate(ModelStateDictionary modelState, string prefix, bool withOpeningStock)
    {
        var rules = new FormRules(modelState, prefix);
        var sku = rules.Text(nameof(Sku), "SKU", Sku, 40, required: true);
        var name = rules.Text(nameof(Name), "Name", Name, 200, required: true);
        var unitPrice = rules.Money(nameof(UnitPrice), "Unit price", UnitPrice);
        var opening = withOpeningStock ? rules.WholeNumber(nameof(OpeningStock), "Opening stock", OpeningStock, 0, Quantities.Max) : 0;
        var reorderLevel = rules.WholeNumber(nameof(ReorderLevel), "Reorder level", ReorderLevel, 0, Quantities.Max);
        return modelState.IsValid
            ? (new ProductInput(sku!, name!, unitPrice!.Value, reorderLevel!.Value), opening!.Value)
            : (null, 0);
    }
}

/// <summary>What the new and the edit page share: the bound form, where it posts, and how refusals are shown.</summary>
public abstract class ProductFormPage : PageModel
{
    public const string SkuTaken = "This SKU is already used by another product.";

    [BindProperty]
    public ProductForm Input { get; set; } = new();

    /// <summary>The stored row when a save was refused as stale (409).</summary>
    public Product? Stored { get; protected set; }

    public string? FormError { get; protected set; }

    public abstract string FormUrl { get; }

    /// <summary>The row version the edit started from (null on the new page, which also asks for the opening stock).</summary>
    public abstract int? EditedVersion { get; }

    /// <summary>
    /// A product's Unit price after creation is admin-only (Policies.ManagePrices): for anyone else a
    /// posted value is ignored and <paramref name="value"/> (the stored one) is kept, also when the form is shown again.
    /// </summary>
    protected void KeepUnitPrice(string? value)
    {
        Input.UnitPrice = value;
        ModelState.Remove($"{nameof(Input)}.{nameof(ProductForm.UnitPrice)}");
    }

    protected (ProductInput? Input, int OpeningStock) ValidInput() =>
        Input.Validate(ModelState, nameof(Input), withOpeningStock: EditedVersion is null);

    protected IActionResult Invalid() => this.PageOrFragment("_Form", StatusCodes.Status422UnprocessableEntity);

    protected IActionResult Duplicate(string? key)
    {
        if (key == ProductStore.SkuKey)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(ProductForm.Sku)}", SkuTaken);
        }
        else
        {
            FormError = "A product with these details already exists.";
        }
        return Invalid();
    }
}
