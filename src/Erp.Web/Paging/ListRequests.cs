using Erp.Data.Customers;
using Erp.Data.Exports;
using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Data.Paging;
using Erp.Data.Products;
using Erp.Data.Rules;

namespace Erp.Web.Paging;

/// <summary>
/// One list request parsed once, for the page and the API alike: the cursor's scope, the first problem
/// found in the filters (a 400), how to load a page, where a row stands in the sort, and the resolved query an
/// "Export CSV" job reads (an unknown customer code becomes customer id -1: no rows, as on the page). The same scope
/// means the same signed cursors on /orders and /api/v1/orders.
/// </summary>
public sealed record ListRequest<TRow>(
    CursorScope Scope,
    string? Error,
    Func<int, KeysetPosition?, CancellationToken, Task<Page<TRow>>> Load,
    Func<TRow, KeysetPosition> PositionOf,
    CustomerFilter Customer,
    ExportQuery? Export = null)
{
    /// <summary>The load of a list whose filters can match nothing (an unknown customer code): no query runs.</summary>
    public static Task<Page<TRow>> NoRows() => Task.FromResult(new Page<TRow>([], false));
}

public sealed record OrderListArgs(string? Sort, string? Status, string? Customer, string? CustomerCode, string? From, string? To);

public sealed record InvoiceListArgs(string? Status, string? Customer, string? CustomerCode);

/// <summary>The query parameters each list accepts and what they mean (README: Endpoints).</summary>
public static class ListRequests
{
    public static readonly IReadOnlyDictionary<string, OrderSort> OrderSorts =
        new Dictionary<string, OrderSort> { ["date"] = OrderSort.Date, ["total"] = OrderSort.Total };

    public static readonly IReadOnlyDictionary<string, CustomerSort> CustomerSorts =
        new Dictionary<string, CustomerSort> { ["name"] = CustomerSort.Name, ["code"] = CustomerSort.Code };

    public static readonly IReadOnlyDictionary<string, ProductSort> ProductSorts =
        new Dictionary<string, ProductSort> { ["name"] = ProductSort.Name, ["sku"] = ProductSort.Sku };

    public static async Task<ListRequest<OrderListItem>> OrdersAsync(OrderListArgs args, OrderListStore store, OrderLookupStore lookups,
        CompanyTime companyTime, CancellationToken ct)
    {
        var p = new ListParams();
        var sort = p.Choice(args.Sort, "sort", OrderSort.Date, OrderSorts);
        var status = p.OneOf(args.Status, "status", OrderStatus.All);
        var from = p.Date(args.From, "from");
        var to = p.Date(args.To, "to");
        p.Require(sort == OrderSort.Date || (from is null && to is null),
            "Date filters (from/to) work with the date sort only: sort by date to filter by date.");
        p.Require(from is null || to is null || from <= to, "The 'from' date must not be after the 'to' date.");
        var customer = await CustomerFilter.ResolveAsync(p, args.Customer, args.CustomerCode, lookups, ct);

        // from/to are days in the company's time zone; the query compares UTC instants on the date index.
        var (fromUtc, toUtc) = companyTime.UtcRange(from, to);
        var query = new OrderListQuery(sort, status, customer.Id, fromUtc, toUtc, 0);
        var scope = new CursorScope("orders", sort.ToString(), $"status={status};{customer.ScopeKey};from={from:O};to={to:O}");
        return new(scope, p.Error,
            (limit, after, ct) => customer.MatchesNothing
                ? ListRequest<OrderListItem>.NoRows()
                : store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(OrderListStore.SortKey(row, sort), row.Id), customer,
            new ExportQuery("orders", sort.ToString(), status, customer.MatchesNothing ? -1 : customer.Id, fromUtc, toUtc, null));
    }

    public static ListRequest<CustomerListItem> Customers(string? sortText, string? q, CustomerListStore store)
    {
        var p = new ListParams();
        var sort = p.Choice(sortText, "sort", CustomerSort.Name, CustomerSorts);
        var prefix = p.Text(q, "search text", 200);
        var query = new CustomerListQuery(sort, prefix, 0);
        return new(new CursorScope("customers", sort.ToString(), $"q={prefix}"), p.Error,
            (limit, after, ct) => store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(CustomerListStore.SortKey(row, sort), row.Id), CustomerFilter.None,
            new ExportQuery("customers", sort.ToString(), null, null, null, null, prefix));
    }

    public static ListRequest<ProductListItem> Products(string? sortText, string? q, ProductListStore store)
    {
        var p = new ListParams();
        var sort = p.Choice(sortText, "sort", ProductSort.Name, ProductSorts);
        var prefix = p.Text(q, "search text", 200);
        var query = new ProductListQuery(sort, prefix, 0);
        return new(new CursorScope("products", sort.ToString(), $"q={prefix}"), p.Error,
            (limit, after, ct) => store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(ProductListStore.SortKey(row, sort), row.Id), CustomerFilter.None,
            new ExportQuery("products", sort.ToString(), null, null, null, null, prefix));
    }

    public static async Task<ListRequest<InvoiceListItem>> InvoicesAsync(InvoiceListArgs args, InvoiceListStore store, OrderLookupStore lookups,
        CancellationToken ct)
    {
        var p = new ListParams();
        var status = p.OneOf(args.Status, "status", InvoiceStatus.All);
        var customer = await CustomerFilter.ResolveAsync(p, args.Customer, args.CustomerCode, lookups, ct);
        var query = new InvoiceListQuery(status, customer.Id, 0);
        return new(new CursorScope("invoices", "date", $"status={status};{customer.ScopeKey}"), p.Error,
            (limit, after, ct) => customer.MatchesNothing
                ? ListRequest<InvoiceListItem>.NoRows()
                : store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(row.InvoiceDate, row.Id), customer,
            new ExportQuery("invoices", null, status, customer.MatchesNothing ? -1 : customer.Id, null, null, null));
    }
}

/// <summary>One page of a list, or why the request was refused (a 400).</summary>
public sealed record KeysetResult<TRow>(IReadOnlyList<TRow> Rows, string? NextCursor, string? Error);

/// <summary>Cursor and limit, read the same way for pages and the API; only what happens above 200 differs.</summary>
public static class KeysetPaging
{
    public static async Task<KeysetResult<TRow>> LoadAsync<TRow>(ListRequest<TRow> request, string? cursor, string? limitText,
        bool refuseAboveMax, CursorCodec codec, CancellationToken ct)
    {
        if (request.Error is not null)
        {
            return Refused<TRow>(request.Error);
        }
        int? limit = null;
        if (!string.IsNullOrEmpty(limitText))
        {
            if (!long.TryParse(limitText, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture,
                    out var parsed))
            {
                return Refused<TRow>("The page size (limit) must be a whole number.");
            }
            if (refuseAboveMax && (parsed < 1 || parsed > PageSize.Max))
            {
                return Refused<TRow>($"The page size (limit) must be from 1 to {PageSize.Max}.");
            }
            limit = (int)Math.Clamp(parsed, 1, PageSize.Max); // pages clamp; the API refuses sizes above 200
        }
        KeysetPosition? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            try
            {
                after = codec.Decode(cursor, request.Scope);
            }
            catch (InvalidCursorException e)
            {
                return Refused<TRow>(e.Message);
            }
        }
        var page = await request.Load(PageSize.Clamp(limit), after, ct);
        var next = page.HasMore ? codec.Encode(request.Scope, request.PositionOf(page.Rows[^1])) : null;
        return new(page.Rows, next, null);
    }

    private static KeysetResult<TRow> Refused<TRow>(string error) => new([], null, error);
}
