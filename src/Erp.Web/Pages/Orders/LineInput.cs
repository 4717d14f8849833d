using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Erp.Data.Orders;
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
}

/// <summary>A changed line (Save) or a removed one (Remove line).</summary>
public sealed class LineInput
{
    public long LineId { get; set; }

    public string? Quantity { get; set; }

    public string? UnitPrice { get; set; }
}

public static class LineRules
{
    public const string QuantityMessage = "Enter the quantity as a whole number from 1 to 1,000,000.";
    public const string NegativePriceMessage = "The unit price cannot be negative.";
    public const string PriceFormatMessage = "Enter the unit price as a number like 12.50, or leave it empty for the product's price.";
    public const string PriceDecimalsMessage = "Enter the unit price with at most 2 decimals.";
    public static readonly string PriceTooLargeMessage = $"The unit price can be at most {OrderLimits.Money(OrderLimits.MaxAmount)}.";

    /// <summary>A whole number from 1 to 1,000,000, or null with an error on <paramref name="key"/>.</summary>
    public static int? Quantity(string? text, ModelStateDictionary state, string key)
    {
        if (int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)
            && quantity is >= 1 and <= OrderLimits.MaxQuantity)
        {
            return quantity;
        }
        state.AddModelError(key, QuantityMessage);
        return null;
    }

    /// <summary>Null for an empty field (the product's price applies); errors go to <paramref name="key"/>.</summary>
    public static decimal? UnitPrice(string? text, ModelStateDictionary state, string key)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        string? error = null;
        if (!decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price))
        {
            error = PriceFormatMessage;
        }
        else if (price < 0)
        {
            error = NegativePriceMessage;
        }
        else if (decimal.Round(price, 2) != price)
        {
            error = PriceDecimalsMessage;
        }
        else if (price > OrderLimits.MaxAmount)
        {
            error = PriceTooLargeMessage;
        }
        if (error is null)
        {
            return price;
        }
        state.AddModelError(key, error);
        return null;
    }
}
