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

    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "customer")] public string? Customer { get; set; }
    [FromQuery(Name = "customer_code")] public string? CustomerCode { get; set; }
    [FromQuery(Name = "from")] public string? From { get; set; }
    [FromQuery(Name = "to")] public string? To { get; set; }

    public CustomerFilter CustomerFilter { get; private set; } = CustomerFilter.None;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
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
        return await ListAsync(new ListFilters(scope, p.Error),
            (limit, after) => CustomerFilter.MatchesNothing ? NoRows() : store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(OrderListStore.SortKey(row, sort), row.Id));
    }
}
