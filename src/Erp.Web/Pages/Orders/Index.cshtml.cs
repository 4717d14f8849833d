using Erp.Data.Orders;
using Erp.Data.Paging;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Orders;

public sealed class IndexModel(OrderListStore store, CursorCodec codec) : KeysetListPage<OrderListItem>(codec)
{
    public static readonly IReadOnlyDictionary<string, OrderSort> Sorts =
        new Dictionary<string, OrderSort> { ["date"] = OrderSort.Date, ["total"] = OrderSort.Total };

    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "customer")] public string? Customer { get; set; }
    [FromQuery(Name = "from")] public string? From { get; set; }
    [FromQuery(Name = "to")] public string? To { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var p = new ListParams();
        var sort = p.Choice(Sort, "sort", OrderSort.Date, Sorts);
        var status = p.OneOf(Status, "status", OrderStatus.All);
        var customer = p.Id(Customer, "customer");
        var from = p.Date(From, "from");
        var to = p.Date(To, "to");
        p.Require(sort == OrderSort.Date || (from is null && to is null),
            "Date filters (from/to) work with the date sort only: sort by date to filter by date.");
        p.Require(from is null || to is null || from <= to, "The 'from' date must not be after the 'to' date.");

        var query = new OrderListQuery(sort, status, customer,
            from?.ToDateTime(TimeOnly.MinValue), to?.AddDays(1).ToDateTime(TimeOnly.MinValue), 0);
        var scope = new CursorScope("orders", sort.ToString(), $"status={status};customer={customer};from={from:O};to={to:O}");
        return ListAsync(new ListFilters(scope, p.Error),
            (limit, after) => store.PageAsync(query with { Limit = limit, After = after }, ct),
            row => new KeysetPosition(OrderListStore.SortKey(row, sort), row.Id));
    }
}
