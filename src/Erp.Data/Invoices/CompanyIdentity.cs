namespace Erp.Data.Invoices;

/// <summary>
/// The issuing company as invoices print it (configuration Company:Name and Company:Address). Each
/// invoice copies it when it is issued, so a later change of address does not rewrite old invoices.
/// </summary>
public sealed record CompanyIdentity(string Name, string? Address)
{
    /// <summary>The lengths of invoices.company_name and invoices.company_address (migration 0022).</summary>
    public const int MaxName = 200;
    public const int MaxAddress = 500;

    /// <summary>What the demo seed and tests print when nothing is configured.</summary>
    public static CompanyIdentity Demo { get; } = new("Erp Demo Ltd", "1 Demo Street\n12345 Demo City");
}
