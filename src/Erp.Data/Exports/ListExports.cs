using System.Globalization;
using Erp.Data.Customers;
using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Data.Paging;
using Erp.Data.Products;
using Erp.Data.Rules;

namespace Erp.Data.Exports;

/// <summary>
/// The four exportable lists, from the same queries (filters, sort, index) as their pages. Columns follow
/// the pages' columns; amounts are invariant decimals without grouping (1250.00), times are in the company
/// time zone with the zone named in the header, ids are plain numbers.
/// </summary>
public static class ListExports
{
    private static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Time(CompanyTime time, DateTime utc) =>
        time.ToLocal(utc).ToString("yyyy'-'MM'-'dd HH':'mm':'ss", CultureInfo.InvariantCulture);

    public static ListExport<OrderListItem> Orders(OrderListStore store, OrderListQuery query, CompanyTime time) => new("orders",
        [
            new("Order", r => Number(r.Id)),
            new(time.Header("Date"), r => Time(time, r.OrderDate)),
            new("Customer", r => r.CustomerName),
            new("Status", r => r.Status),
            new("Total", r => Amount(r.Total)),
        ],
        (after, limit, ct) => store.ReadPageAsync(query with { After = after, Limit = limit }, ct),
        r => new KeysetPosition(OrderListStore.SortKey(r, query.Sort), r.Id));

    public static ListExport<CustomerListItem> Customers(CustomerListStore store, CustomerListQuery query) => new("customers",
        [
            new("Code", r => r.Code),
            new("Name", r => r.Name),
            new("Email", r => r.Email),
            new("Country", r => r.Country),
            new("Credit limit", r => Amount(r.CreditLimit)),
        ],
        (after, limit, ct) => store.ReadPageAsync(query with { After = after, Limit = limit }, ct),
        r => new KeysetPosition(CustomerListStore.SortKey(r, query.Sort), r.Id));

    public static ListExport<ProductListItem> Products(ProductListStore store, ProductListQuery query) => new("products",
        [
            new("SKU", r => r.Sku),
            new("Name", r => r.Name),
            new("Unit price", r => Amount(r.UnitPrice)),
            new("On hand", r => Number(r.OnHand)),
            new("Reserved", r => Number(r.Reserved)),
            new("Available", r => Number(r.Available)),
        ],
        (after, limit, ct) => store.ReadPageAsync(query with { After = after, Limit = limit }, ct),
        r => new KeysetPosition(ProductListStore.SortKey(r, query.Sort), r.Id));

    public static ListExport<InvoiceListItem> Invoices(InvoiceListStore store, InvoiceListQuery query, CompanyTime time) => new("invoices",
        [
            new("Number", r => r.InvoiceNo),
            new(time.Header("Date"), r => time.FormatDay(r.InvoiceDate)),
            new("Customer", r => r.CustomerName),
            new("Status", r => r.Status),
            new("Due", r => CompanyTime.FormatDate(DateOnly.FromDateTime(r.DueDate))),
            new("Total", r => Amount(r.Total)),
        ],
        (after, limit, ct) => store.ReadPageAsync(query with { After = after, Limit = limit }, ct),
        r => new KeysetPosition(r.InvoiceDate, r.Id));
}
