using Erp.Data.Infrastructure;

namespace Erp.Data.Audit;

/// <summary>
/// The personal columns of the audited tables (docs/adr/0017-audit-reading.md): values that reach or identify a
/// private person and that the trail keeps long after the record changed. Admins see them in /admin/audit and in a
/// record's history; everybody else sees them masked (<see cref="AuditEntry.MaskedFor"/>, the one masking rule).
/// Declared beside <see cref="AuditSchema"/> by entity and column; an event's detail under one of these names on
/// the same entity (a user event carrying "email") is masked the same way.
/// </summary>
public static class AuditPersonalData
{
    /// <summary>What a masked value shows.</summary>
    public const string Mask = "•••";

    public static readonly IReadOnlySet<(string Entity, string Column)> Columns = new HashSet<(string, string)>
    {
        (Entities.User, "email"),
        (Entities.Customer, "email"),
        (Entities.Customer, "phone"),
        (Entities.Invoice, "recipient"), // invoice_emailed: the address the invoice went to
    };

    public static bool IsPersonal(string entity, string column) => Columns.Contains((entity, column));
}
