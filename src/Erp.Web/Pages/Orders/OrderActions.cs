using Erp.Data.Orders;

namespace Erp.Web.Pages.Orders;

/// <summary>
/// A button of the order page: its handler, its label, when the order offers it and, for an
/// irreversible action, the question the user must answer first (hx-confirm in the browser, a
/// confirmation step for a plain form post).
/// </summary>
public sealed record OrderAction(string Handler, string Label, string Css, Func<OrderDetail, bool> Offered, Func<OrderDetail, string>? Question)
{
    public bool Irreversible => Question is not null;
}

/// <summary>The order page's actions, in one place for the panel and for the confirmation step.</summary>
public static class OrderActions
{
    public static readonly OrderAction Confirm = new("Confirm", "Confirm", "primary", o => o.IsDraft, null);

    public static readonly OrderAction Ship = new("Ship", "Ship", "primary", o => o.Status == OrderStatus.Confirmed,
        o => $"Ship order #{o.Id}? Its goods leave the stock, and a shipment cannot be undone.");

    public static readonly OrderAction CreateInvoice = new("CreateInvoice", "Create invoice", "primary", o => o.Status == OrderStatus.Shipped,
        o => $"Create the invoice for order #{o.Id}? An issued invoice cannot be changed or deleted.");

    public static readonly OrderAction Cancel = new("Cancel", "Cancel order", "danger",
        o => o.IsDraft || o.Status == OrderStatus.Confirmed,
        o => $"Cancel order #{o.Id}? A cancelled order cannot be reopened.");

    public static readonly OrderAction RemoveLine = new("RemoveLine", "Remove line", "danger", o => o.IsDraft,
        o => $"Remove this line from order #{o.Id}? Its quantity and price are not kept.");

    /// <summary>The workflow buttons under the lines, in the order they are shown.</summary>
    public static IReadOnlyList<OrderAction> Workflow { get; } = [Confirm, Ship, CreateInvoice, Cancel];

    public static string RemoveLineQuestion(OrderDetail order, OrderLine line) =>
        $"Remove line {line.LineNo} ({line.Sku} · {line.ProductName}) from order #{order.Id}?";
}
