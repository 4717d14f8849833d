namespace Erp.Data.Customers;

public sealed record Customer(long Id, string Code, string Name, string? Email, string? Phone, string? Country,
    decimal CreditLimit, int Version, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>A validated customer as the forms hand it to the store (trimmed, within the columns).</summary>
public sealed record CustomerInput(string Code, string Name, string? Email, string? Phone, string? Country, decimal CreditLimit);
