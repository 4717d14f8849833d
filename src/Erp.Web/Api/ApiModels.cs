using System.Globalization;
using Erp.Data.Customers;
using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Data.Products;

namespace Erp.Web.Api;

// The JSON shapes of /api/v1 (snake_case by the API's serializer settings). Money is a decimal string
// ("1234.50"), times are ISO 8601 UTC ("...Z"), dates yyyy-MM-dd (README: API).

public sealed record ListResponse<T>(IReadOnlyList<T> Data, string? NextCursor, bool HasMore);

public sealed record TokenRequest(string? Email, string? Password);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public sealed record NewOrderRequest(long? CustomerId, IReadOnlyList<NewOrderLineRequest?>? Lines);

public sealed record NewOrderLineRequest(long? ProductId, int? Quantity);

public sealed record CustomerJson(long Id, string Code, string Name, string? Email, string? Phone, string? Country, string? Address,
    string? PostalCode, string? City, string CreditLimit, int Version, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record CustomerListJson(long Id, string Code, string Name, string? Email, string? Country, string CreditLimit);

public sealed record ProductJson(long Id, string Sku, string Name, string UnitPrice, int OnHand, int Reserved, int Available,
    int ReorderLevel, int Version, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ProductListJson(long Id, string Sku, string Name, string UnitPrice, int OnHand, int Reserved, int Available, int ReorderLevel);

public sealed record OrderListJson(long Id, DateTime OrderDate, long CustomerId, string CustomerName, string Status, string Total);

/// <summary>
/// An order as its ETag (the row version) covers it: only the order's own columns and lines. Customer and
/// product names are not included, since renaming them does not change the order's version.
/// </summary>
public sealed record OrderJson(long Id, long CustomerId, string Status, DateTime OrderDate, string Total, int Version, long? InvoiceId,
    IReadOnlyList<OrderLineJson> Lines);

public sealed record OrderLineJson(long Id, int LineNo, long ProductId, int Quantity, string UnitPrice, string LineTotal);

public sealed record InvoiceListJson(long Id, string InvoiceNo, DateTime InvoiceDate, long CustomerId, string CustomerName, string Status,
    DateOnly DueDate, string Total);

/// <summary>An invoice exactly as issued: company, customer and lines are the copy taken at invoicing.</summary>
public sealed record InvoiceJson(long Id, string InvoiceNo, long OrderId, long CustomerId, string Status, DateTime InvoiceDate,
    DateOnly DueDate, string Total, int Version, string? CompanyName, string? CompanyAddress, InvoiceCustomerJson Customer,
    IReadOnlyList<InvoiceLineJson> Lines);

public sealed record InvoiceCustomerJson(string Code, string Name, string? Address, string? PostalCode, string? City, string? Country);

public sealed record InvoiceLineJson(long Id, int LineNo, long ProductId, string Sku, string ProductName, int Quantity, string UnitPrice,
    string LineTotal);

public static class ApiJson
{
    /// <summary>Money on the wire: a decimal string with two places, invariant ("1234.50").</summary>
    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Stored times are UTC; marking them so makes the serializer write the trailing Z.</summary>
    public static DateTime Utc(DateTime stored) => DateTime.SpecifyKind(stored, DateTimeKind.Utc);

    public static CustomerJson From(Customer c) => new(c.Id, c.Code, c.Name, c.Email, c.Phone, c.Country, c.Address, c.PostalCode, c.City,
        Money(c.CreditLimit), c.Version, Utc(c.CreatedAt), Utc(c.UpdatedAt));

    public static CustomerListJson From(CustomerListItem c) => new(c.Id, c.Code, c.Name, c.Email, c.Country, Money(c.CreditLimit));

    public static ProductJson From(Product p) => new(p.Id, p.Sku, p.Name, Money(p.UnitPrice), p.OnHand, p.Reserved, p.Available,
        p.ReorderLevel, p.Version, Utc(p.CreatedAt), Utc(p.UpdatedAt));

    public static ProductListJson From(ProductListItem p) =>
        new(p.Id, p.Sku, p.Name, Money(p.UnitPrice), p.OnHand, p.Reserved, p.Available, p.ReorderLevel);

    public static OrderListJson From(OrderListItem o) => new(o.Id, Utc(o.OrderDate), o.CustomerId, o.CustomerName, o.Status, Money(o.Total));

    public static OrderJson From(OrderDetail o) => new(o.Id, o.CustomerId, o.Status, Utc(o.OrderDate), Money(o.Total), o.Version, o.InvoiceId,
        [.. o.Lines.Select(l => new OrderLineJson(l.Id, l.LineNo, l.ProductId, l.Quantity, Money(l.UnitPrice), Money(l.LineTotal)))]);

    public static InvoiceListJson From(InvoiceListItem i) => new(i.Id, i.InvoiceNo, Utc(i.InvoiceDate), i.CustomerId, i.CustomerName, i.Status,
        DateOnly.FromDateTime(i.DueDate), Money(i.Total));

    public static InvoiceJson From(InvoiceDetail i) => new(i.Id, i.InvoiceNo, i.OrderId, i.CustomerId, i.Status, Utc(i.InvoiceDate),
        DateOnly.FromDateTime(i.DueDate), Money(i.Total), i.Version, i.CompanyName, i.CompanyAddress,
        new InvoiceCustomerJson(i.CustomerCode, i.CustomerName, i.CustomerAddress, i.CustomerPostalCode, i.CustomerCity, i.CustomerCountry),
        [.. i.Lines.Select(l => new InvoiceLineJson(l.Id, l.LineNo, l.ProductId, l.Sku, l.ProductName, l.Quantity, Money(l.UnitPrice), Money(l.LineTotal)))]);
}
