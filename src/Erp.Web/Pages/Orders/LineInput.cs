using System.ComponentModel.DataAnnotations;
using Erp.Data.Rules;
using Erp.Web.Forms;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Erp.Web.Pages.Orders;

/// <summary>The add-line form. Everything is bound as text so a bad entry is shown back exactly as typed.</summary>
public sealed class NewLineInput
{
    [Display(Name = "Product")]
    public string? Product { get; set; }

    [Display(Name = "Quantity")]
    public string? Quantity { get; set; }

    [Display(Name = "Unit price")]
    public string? UnitPrice { get; set; }

    public LineValues? Validate(ModelStateDictionary modelState, string prefix) => LineValues.Validate(modelState, prefix, Quantity, UnitPrice);
}

/// <summary>A changed line (Save) or a removed one (Remove line).</summary>
public sealed class LineInput
{
    public long LineId { get; set; }

    public string? Quantity { get; set; }

    public string? UnitPrice { get; set; }

    public LineValues? Validate(ModelStateDictionary modelState, string prefix) => LineValues.Validate(modelState, prefix, Quantity, UnitPrice);
}

/// <summary>A line's quantity and unit price (null: the product's price), checked by the same rules as every other form.</summary>
public sealed record LineValues(int Quantity, decimal? UnitPrice)
{
    public static LineValues? Validate(ModelStateDictionary modelState, string prefix, string? quantity, string? unitPrice)
    {
        var errors = modelState.ErrorCount;
        var rules = new FormRules(modelState, prefix);
        var checkedQuantity = rules.WholeNumber(nameof(Quantity), "Quantity", quantity, 1, Quantities.Max);
        var price = rules.Money(nameof(UnitPrice), "Unit price", unitPrice, required: false);
        return modelState.ErrorCount == errors ? new LineValues(checkedQuantity!.Value, price) : null;
    }
}
