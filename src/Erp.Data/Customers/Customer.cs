namespace Erp.Data.Customers;

/// <summary>A customer; Address, PostalCode, City and Country are the billing address that invoices copy.</summary>
public sealed record Customer(long Id, string Code, string Name, string? Email, string? Phone, string? Country,
    string? Address, string? PostalCode, string? City, decimal CreditLimit, int Version, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>A validated customer as the forms hand it to the store (trimmed, within the columns).</summary>
public sealed record CustomerInput(string Code, string Name, string? Email, string? Phone, string? Country, decimal CreditLimit)
{
    public string? Address { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
}
