using Erp.Data.Orders;
using Erp.Data.Rules;
using Erp.Data.Exports;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Orders;

public sealed class IndexModel(OrderListStore store, OrderLookupStore lookups, CompanyTime companyTime, CursorCodec codec)
    : KeysetListPage<OrderListItem>(codec)
{
    public static IReadOnlyDictionary<string, OrderSort> Sorts => ListRequests.OrderSorts;

    [BindProperty(Name = "sort", SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(Name = "status", SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(Name = "customer", SupportsGet = true)] public string? Customer { get; set; }
    [BindProperty(Name = "customer_code", SupportsGet = true)] public string? CustomerCode { get; set; }
    [BindProperty(Name = "from", SupportsGet = true)] public string? From { get; set; }
    [BindProperty(Name = "to", SupportsGet = true)] public string? To { get; set; }

    public CustomerFilter CustomerFilter { get; private set; } = CustomerFilter.None;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var request = await ListRequests.OrdersAsync(new OrderListArgs(Sort, Status, Customer, CustomerCode, From, To), store, lookups, companyTime, ct);
        CustomerFilter = request.Customer;
        return await ListAsync(request, ct);
    }

    public async Task<IActionResult> OnPostExportAsync([FromServices] ExportStore exports, CancellationToken ct)
    {
        var request = await ListRequests.OrdersAsync(new OrderListArgs(Sort, Status, Customer, CustomerCode, From, To), store, lookups, companyTime, ct);
        CustomerFilter = request.Customer;
        return await ExportAsync(request, exports, ct);
    }
}
