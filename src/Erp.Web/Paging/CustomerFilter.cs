using Erp.Data.Orders;

namespace Erp.Web.Paging;

/// <summary>
/// The customer filter of the orders and invoices lists: <c>customer_code</c> (what people type, label
/// "Customer code") or <c>customer</c> (an id, for links such as the customer page's), resolved to one
/// customer. A code or id that names no customer matches nothing: the list is empty and
/// <see cref="Notice"/> says why.
/// </summary>
public sealed record CustomerFilter(long? Id, string? Code, string? Notice)
{
    public static CustomerFilter None { get; } = new(null, null, null);

    public bool MatchesNothing => Notice is not null;

    /// <summary>The filter's part of a cursor's scope: a cursor made for another customer is refused.</summary>
    public string ScopeKey => $"customer={Id};customer_code={Code}";

    public static async Task<CustomerFilter> ResolveAsync(ListParams p, string? idText, string? codeText, OrderLookupStore lookups,
        CancellationToken ct)
    {
        var id = p.Id(idText, "customer");
        var code = p.Text(codeText, "customer code", 200);
        if (p.Error is not null || (id is null && code is null))
        {
            return None;
        }
        if (code is null)
        {
            var byId = await lookups.FindCustomerAsync(id!.Value, ct);
            return byId is null ? new(id, null, $"No customer has the number {id}.") : new(byId.Id, byId.Code, null);
        }
        var byCode = await lookups.FindCustomerByCodeAsync(code, ct);
        if (byCode is null)
        {
            return new(null, code, $"No customer has the code “{code}”.");
        }
        p.Require(id is null || id == byCode.Id,
            $"customer={id} and customer_code={code} name different customers: filter by one of them.");
        return new(byCode.Id, byCode.Code, null);
    }
}
