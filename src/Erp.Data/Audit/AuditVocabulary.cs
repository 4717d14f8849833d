using Erp.Data.Infrastructure;

namespace Erp.Data.Audit;

/// <summary>The words of the audit trail that readers filter by (entities, row actions and business events).</summary>
public static class AuditVocabulary
{
    public static readonly IReadOnlyList<string> EntityNames =
    [
        Entities.User, Entities.Customer, Entities.Product, Entities.StockMovement,
        Entities.Order, Entities.OrderLine, Entities.Invoice, Entities.InvoiceLine,
        // What business events are about when it is not a business row: a list export, a verification of the chain.
        AuditEvents.ExportEntity, AuditEvents.ChainEntity,
    ];

    public static readonly IReadOnlyList<string> Actions =
    [
        "insert", "update", "delete", "revert",
        "sign_in", "sign_in_failed", "sign_out", "lockout", "user_created", "role_changed", "user_disabled",
        "invoice_emailed", "export_run", "chain_verified",
    ];
}
