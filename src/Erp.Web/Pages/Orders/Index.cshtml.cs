using Erp.Data.Exports;
using Erp.Data.Orders;
using Erp.Data.Paging;
using Erp.Data.Rules;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Orders;

public sealed class IndexModel(OrderListStore store, OrderLookupStore lookups, CompanyTime companyTime, CursorCodec codec)
    : KeysetListPage<OrderListItem>(codec)
{
    public static readonly IReadOnlyDictionary<string, OrderSort> Sorts =
        new Dictionary<string, OrderSort> { ["date"] = OrderSort.Date, ["total"] = OrderSort.Total };

    [BindProperty(Name = "sort", SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(Name = "status", SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(Name = "customer", SupportsGet = true)] public string? Customer { get; set; }
    [BindProperty(Name = "customer_code", SupportsGet = true)] public string? CustomerCode { get; set; }
    [BindProperty(Name = "from", SupportsGet = true)] public string? From { get; set; }
    [BindProperty(Name = "to", SupportsGet = true)] public string? To { get; set; }

    public CustomerFilter CustomerFilter { get; private set; } = CustomerFilter.None;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (query, scope, error) = await FiltersAsync(ct);
        return await ListAsync(new ListFilters(scope, error),
            (limit, after) => CustomerFilter.MatchesNothing ? NoRows() : store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(OrderListStore.SortKey(row, query.Sort), row.Id));
    }

    public async Task<IActionResult> OnPostExportAsync([FromServices] ExportStore exports, CancellationToken ct)
    {
        var (query, _, error) = await FiltersAsync(ct);
        // An unknown customer code matches nothing: the export says so with an empty file, as the list does.
        return await ExportAsync(error, new ExportQuery("orders", query.Sort.ToString(), query.Status,
            CustomerFilter.MatchesNothing ? -1 : query.CustomerId, query.From, query.ToExclusive, null), exports, ct);
    }

    private async Task<(OrderListQuery Query, CursorScope Scope, string? Error)> FiltersAsync(CancellationToken ct)
    {
        var p = new ListParams();
        var sort = p.Choice(Sort, "sort", OrderSort.Date, Sorts);
        var status = p.OneOf(Status, "status", OrderStatus.All);
        var from = p.Date(From, "from");
        var to = p.Date(To, "to");
        p.Require(sort == OrderSort.Date || (from is null && to is null),
            "Date filters (from/to) work with the date sort only: sort by date to filter by date.");
        p.Require(from is null || to is null || from <= to, "The 'from' date must not be after the 'to' date.");
        CustomerFilter = await CustomerFilter.ResolveAsync(p, Customer, CustomerCode, lookups, ct);
        EmptyMessage = CustomerFilter.Notice;

        // from/to are days in the company's time zone; the query compares UTC instants on the date index.
        var (fromUtc, toUtc) = companyTime.UtcRange(from, to);
        var query = new OrderListQuery(sort, status, CustomerFilter.Id, fromUtc, toUtc, 0);
        var scope = new CursorScope("orders", sort.ToString(), $"status={status};{CustomerFilter.ScopeKey};from={from:O};to={to:O}");
        return (query, scope, p.Error);
    }
}
