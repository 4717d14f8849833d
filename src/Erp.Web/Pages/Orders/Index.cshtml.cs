using Erp.Data.Orders;
using Erp.Data.Rules;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Orders;

public sealed class IndexModel(OrderListStore store, OrderLookupStore lookups, CompanyTime companyTime, CursorCodec codec)
    : KeysetListPage<OrderListItem>(codec)
{
    public static IReadOnlyDictionary<string, OrderSort> Sorts => ListRequests.OrderSorts;

    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "customer")] public string? Customer { get; set; }
    [FromQuery(Name = "customer_code")] public string? CustomerCode { get; set; }
    [FromQuery(Name = "from")] public string? From { get; set; }
    [FromQuery(Name = "to")] public string? To { get; set; }

    public CustomerFilter CustomerFilter { get; private set; } = CustomerFilter.None;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var request = await ListRequests.OrdersAsync(new OrderListArgs(Sort, Status, Customer, CustomerCode, From, To), store, lookups, companyTime, ct);
        CustomerFilter = request.Customer;
        return await ListAsync(request, ct);
    }
}
