using Erp.Data.Rules;
using Erp.Web.Forms;
using Erp.Web.Htmx;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Erp.Web.Pages.Products;

public sealed record StockAdjustment(int Delta, string Reason);

/// <summary>A stock adjustment as typed: a signed whole quantity and the reason (stock_movements.reason).</summary>
public sealed class AdjustForm
{
    public string? Quantity { get; set; }
    public string? Reason { get; set; }

    public StockAdjustment? Validate(ModelStateDictionary modelState, string prefix)
    {
        var rules = new FormRules(modelState, prefix);
        var delta = rules.WholeNumber(nameof(Quantity), "Quantity", Quantity, -Quantities.Max, Quantities.Max, allowZero: false);
        var reason = rules.Text(nameof(Reason), "Reason", Reason, 200, required: true);
        return modelState.IsValid ? new StockAdjustment(delta!.Value, reason!) : null;
    }
}
