using Erp.Data.Infrastructure;

namespace Erp.Data.Audit;

/// <summary>
/// What a revert may restore for one entity: the table, the columns it puts back, the columns whose values are
/// unique (a value taken meanwhile is a conflict), and what a recreated row gets for the columns the trail does
/// not record. <paramref name="RecreateRefusal"/>: why a deleted row of this entity cannot be recreated.
/// </summary>
public sealed record RevertRule(
    string Entity,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> Unique,
    IReadOnlyDictionary<string, string> RecreateDefaults,
    string? RecreateRefusal = null)
{
    public AuditedTable Table => AuditSchema.Tables.Single(t => t.Entity == Entity);
}

/// <summary>
/// The one place that decides what "Revert this change" may touch (docs/adr/0018-business-events-verify-revert.md):
/// master data only — a customer's fields, a product's descriptive fields (name, SKU, reorder level; not the unit
/// price, which changes through the admin's price edit and would silently reprice open drafts), a user's display name
/// and role. Business documents keep their workflow; events are not row changes; secret columns were never stored.
/// The button asks <see cref="Refusal"/>, and so does the handler that a forged request reaches.
/// </summary>
public static class Revertibility
{
    public const string DocumentMessage =
        "Orders, order lines, stock movements, invoices and invoice lines are business documents and are not reverted here: " +
        "their rules (reserved stock, invoice numbers) live in the order workflow. Correct the order there (cancel it, or change its lines while it is a draft).";

    public const string EventMessage = "This entry is a business event, not a change of a row: there is nothing to revert.";

    public const string InsertMessage = "A created row is not reverted (that would delete it, and other records may point at it).";

    public const string RevertMessage = "A revert is not reverted in turn: edit the record to the values you want.";

    public const string SecretMessage =
        "Secret columns (password hash, security stamp) are never stored in the trail, only that they changed: there is no previous value to restore. Use Reset password instead.";

    private static readonly IReadOnlyDictionary<string, string> Touch = new Dictionary<string, string> { ["updated_at"] = "UTC_TIMESTAMP(6)" };

    public static readonly IReadOnlyDictionary<string, RevertRule> Rules = new Dictionary<string, RevertRule>
    {
        [Entities.Customer] = new(Entities.Customer,
            ["code", "name", "email", "phone", "country", "credit_limit", "address", "postal_code", "city"], ["code"], Touch),
        [Entities.Product] = new(Entities.Product, ["sku", "name", "reorder_level"], ["sku"], new Dictionary<string, string>
        {
            ["updated_at"] = "UTC_TIMESTAMP(6)",
            // The running totals are not in the trail; every change to them is a stock movement, so the newest one holds them.
            ["on_hand"] = "COALESCE((SELECT m.on_hand_after FROM stock_movements m WHERE m.product_id = @id ORDER BY m.id DESC LIMIT 1), 0)",
            ["reserved"] = "COALESCE((SELECT m.reserved_after FROM stock_movements m WHERE m.product_id = @id ORDER BY m.id DESC LIMIT 1), 0)",
        }),
        [Entities.User] = new(Entities.User, ["display_name", "role"], [], Touch,
            "A deleted user cannot be recreated: their password hash and security stamp are secret columns the trail never stores. Create the user again."),
    };

    private static readonly IReadOnlySet<string> Documents = new HashSet<string>
    {
        Entities.Order, Entities.OrderLine, Entities.StockMovement, Entities.Invoice, Entities.InvoiceLine,
    };

    /// <summary>Why <paramref name="entry"/> cannot be reverted, or null when it can (conflicts with the current row are checked at revert time).</summary>
    public static string? Refusal(AuditEntry entry)
    {
        if (entry.IsEvent)
        {
            return EventMessage;
        }
        if (Documents.Contains(entry.Entity))
        {
            return DocumentMessage;
        }
        if (!Rules.TryGetValue(entry.Entity, out var rule) || entry.EntityId is null)
        {
            return $"Entries about {entry.Entity} cannot be reverted.";
        }
        if (entry.Action == AuditActions.Insert)
        {
            return InsertMessage;
        }
        if (entry.Action == AuditActions.Revert)
        {
            return RevertMessage;
        }
        if (entry.Action == AuditActions.Delete)
        {
            return rule.RecreateRefusal;
        }
        if (Restorable(entry, rule).Count == 0)
        {
            return entry.Changes.Any(c => c.Kind == AuditChangeKind.Secret)
                ? SecretMessage
                : $"This change touched no field a revert restores (for a {entry.Entity}: {string.Join(", ", rule.Columns)}).";
        }
        return null;
    }

    /// <summary>The recorded columns of an update that a revert puts back.</summary>
    public static IReadOnlyList<AuditChange> Restorable(AuditEntry entry, RevertRule rule) =>
        [.. entry.Changes.Where(c => c.Kind != AuditChangeKind.Secret && rule.Columns.Contains(c.Column))];
}
