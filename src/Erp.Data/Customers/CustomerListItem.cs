namespace Erp.Data.Customers;

public sealed record CustomerListItem(long Id, string Code, string Name, string? Email, string? Country, decimal CreditLimit);
