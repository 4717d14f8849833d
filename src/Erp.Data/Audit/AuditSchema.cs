using Erp.Data.Infrastructure;

namespace Erp.Data.Audit;

/// <summary>How a column appears in the audit trail.</summary>
public enum AuditKind
{
    /// <summary>Values recorded as they landed: after on insert, before on delete, both on update when changed.</summary>
    Audited,
    /// <summary>Never stored: the trail says only that it was set or changed (password hashes, security stamps, tokens).</summary>
    Secret,
    /// <summary>Not recorded: counters that change constantly and are recorded elsewhere, and bookkeeping the audit row has itself.</summary>
    Ignored,
}

/// <summary>A business table, the audit entity its rows are, and every column but <c>id</c> with its kind.</summary>
public sealed record AuditedTable(string Table, string Entity, IReadOnlyDictionary<string, AuditKind> Columns)
{
    public IEnumerable<string> Recorded => Columns.Where(c => c.Value != AuditKind.Ignored).Select(c => c.Key);
}

/// <summary>
/// The one declaration of what the audit trail records (ADR 0012). The triggers are generated from it
/// (<see cref="AuditTriggers"/>); tests/Erp.Tests/Integration/Audit/AuditDeclarationTests.cs fails when a
/// column of an audited table, or a table of the schema, is declared nowhere, so nothing is skipped silently.
/// </summary>
public static class AuditSchema
{
    private const AuditKind A = AuditKind.Audited, S = AuditKind.Secret, I = AuditKind.Ignored;

    public static readonly IReadOnlyList<AuditedTable> Tables =
    [
        new("users", Entities.User, new Dictionary<string, AuditKind>
        {
            ["email"] = A, ["display_name"] = A, ["role"] = A, ["password_hash"] = S, ["security_stamp"] = S,
            // Failed sign-ins are counted on every attempt; the trail gets them as sign-in events.
            ["failed_logins"] = I, ["locked_until"] = A, ["disabled_at"] = A,
            ["created_at"] = A, ["updated_at"] = I, ["version"] = A,
        }),
        new("customers", Entities.Customer, new Dictionary<string, AuditKind>
        {
            ["code"] = A, ["name"] = A, ["email"] = A, ["phone"] = A, ["country"] = A, ["credit_limit"] = A,
            ["created_at"] = A, ["updated_at"] = I, ["version"] = A, ["address"] = A, ["postal_code"] = A, ["city"] = A,
        }),
        new("products", Entities.Product, new Dictionary<string, AuditKind>
        {
            ["sku"] = A, ["name"] = A, ["unit_price"] = A,
            // Running stock totals: every change to them is a stock_movements row, which is audited.
            ["on_hand"] = I, ["reserved"] = I,
            ["reorder_level"] = A, ["created_at"] = A, ["updated_at"] = I, ["version"] = A,
        }),
        new("stock_movements", Entities.StockMovement, new Dictionary<string, AuditKind>
        {
            ["product_id"] = A, ["kind"] = A, ["quantity"] = A, ["on_hand_after"] = A, ["reserved_after"] = A,
            ["order_id"] = A, ["reason"] = A, ["created_at"] = A,
        }),
        new("sales_orders", Entities.Order, new Dictionary<string, AuditKind>
        {
            ["customer_id"] = A, ["status"] = A, ["order_date"] = A, ["total"] = A,
            ["created_at"] = A, ["updated_at"] = I, ["version"] = A,
        }),
        new("sales_order_lines", Entities.OrderLine, new Dictionary<string, AuditKind>
        {
            ["order_id"] = A, ["line_no"] = A, ["product_id"] = A, ["quantity"] = A, ["unit_price"] = A, ["line_total"] = A,
        }),
        new("invoices", Entities.Invoice, new Dictionary<string, AuditKind>
        {
            ["invoice_no"] = A, ["order_id"] = A, ["customer_id"] = A, ["status"] = A, ["invoice_date"] = A, ["due_date"] = A,
            ["total"] = A, ["created_at"] = A, ["updated_at"] = I, ["version"] = A,
            ["company_name"] = A, ["company_address"] = A, ["customer_code"] = A, ["customer_name"] = A,
            ["customer_address"] = A, ["customer_postal_code"] = A, ["customer_city"] = A, ["customer_country"] = A,
        }),
        new("invoice_lines", Entities.InvoiceLine, new Dictionary<string, AuditKind>
        {
            ["invoice_id"] = A, ["line_no"] = A, ["product_id"] = A, ["sku"] = A, ["product_name"] = A,
            ["quantity"] = A, ["unit_price"] = A, ["line_total"] = A,
        }),
    ];

    /// <summary>
    /// Tables that hold no business data and are not audited: the migrator's and seeder's bookkeeping,
    /// number series (their use shows in the invoices), data-protection keys, the trail itself, the job queue
    /// and what jobs produce (an invoice's rendered PDF and its e-mail sends, list exports: their business
    /// meaning is recorded as events, ADR 0012), and the API's idempotency keys (a replay cache).
    /// A new table goes either into <see cref="Tables"/> or here.
    /// </summary>
    public static readonly IReadOnlySet<string> NotAudited = new HashSet<string>
    {
        "schema_migrations", "schema_repeatables", "app_state", "number_sequences", "seed_runs", "seed_loads",
        "data_protection_keys", "audit_log", "jobs", "invoice_documents", "invoice_emails", "list_exports", "api_idempotency_keys",
    };
}
