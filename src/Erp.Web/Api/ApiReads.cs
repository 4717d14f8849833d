using Erp.Data.Customers;
using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Data.Products;
using Erp.Data.Rules;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Api;

/// <summary>
/// GET /api/v1/{customers|products|orders|invoices}: the pages' lists (same filters, sorts, indexes and
/// signed cursors; a limit above 200 is a 400 here) and one record each, with an ETag from its row version.
/// </summary>
public static class ApiReads
{
    public static void MapReads(RouteGroupBuilder api)
    {
        api.MapGet("/customers", (
                [FromQuery(Name = "cursor")] string? cursor, [FromQuery(Name = "limit")] string? limit,
                [FromQuery(Name = "sort")] string? sort, [FromQuery(Name = "q")] string? q,
                CustomerListStore store, CursorCodec codec, CancellationToken ct) =>
                ListAsync(ListRequests.Customers(sort, q, store), cursor, limit, codec, ApiJson.From, ct))
            .WithSummary("Customers, by name (default) or code; q is a prefix of the sorted column.")
            .Lists<CustomerListJson>();

        api.MapGet("/products", (
                [FromQuery(Name = "cursor")] string? cursor, [FromQuery(Name = "limit")] string? limit,
                [FromQuery(Name = "sort")] string? sort, [FromQuery(Name = "q")] string? q,
                ProductListStore store, CursorCodec codec, CancellationToken ct) =>
                ListAsync(ListRequests.Products(sort, q, store), cursor, limit, codec, ApiJson.From, ct))
            .WithSummary("Products, by name (default) or sku; q is a prefix of the sorted column.")
            .Lists<ProductListJson>();

        api.MapGet("/orders", async (
                [FromQuery(Name = "cursor")] string? cursor, [FromQuery(Name = "limit")] string? limit,
                [FromQuery(Name = "sort")] string? sort, [FromQuery(Name = "status")] string? status,
                [FromQuery(Name = "customer")] string? customer, [FromQuery(Name = "customer_code")] string? customerCode,
                [FromQuery(Name = "from")] string? from, [FromQuery(Name = "to")] string? to,
                OrderListStore store, OrderLookupStore lookups, CompanyTime companyTime, CursorCodec codec, CancellationToken ct) =>
                await ListAsync(await ListRequests.OrdersAsync(new OrderListArgs(sort, status, customer, customerCode, from, to),
                    store, lookups, companyTime, ct), cursor, limit, codec, ApiJson.From, ct))
            .WithSummary("Orders, newest first (sort=date, default) or highest total first (sort=total); from/to are company days (date sort only).")
            .Lists<OrderListJson>();

        api.MapGet("/invoices", async (
                [FromQuery(Name = "cursor")] string? cursor, [FromQuery(Name = "limit")] string? limit,
                [FromQuery(Name = "status")] string? status, [FromQuery(Name = "customer")] string? customer,
                [FromQuery(Name = "customer_code")] string? customerCode,
                InvoiceListStore store, OrderLookupStore lookups, CursorCodec codec, CancellationToken ct) =>
                await ListAsync(await ListRequests.InvoicesAsync(new InvoiceListArgs(status, customer, customerCode), store, lookups, ct),
                    cursor, limit, codec, ApiJson.From, ct))
            .WithSummary("Invoices, newest first.")
            .Lists<InvoiceListJson>();

        api.MapGet("/customers/{id:long}", async (long id, HttpRequest request, CustomerStore store, CancellationToken ct) =>
                await store.GetAsync(id, ct) is { } c ? Record(request, ApiJson.From(c), ETags.Of(c.Version)) : Missing("customer", id))
            .WithSummary("One customer.").Reads<CustomerJson>();

        api.MapGet("/products/{id:long}", async (long id, HttpRequest request, ProductStore store, CancellationToken ct) =>
                await store.GetAsync(id, ct) is { } p ? Record(request, ApiJson.From(p), ETags.Of(p.Version, p.OnHand, p.Reserved)) : Missing("product", id))
            .WithSummary("One product with its current stock.").Reads<ProductJson>();

        api.MapGet("/orders/{id:long}", async (long id, HttpRequest request, OrderStore store, CancellationToken ct) =>
                await store.GetAsync(id, ct) is { } o ? Record(request, ApiJson.From(o), ETags.Of(o.Version)) : Missing("order", id))
            .WithSummary("One order with its lines. Its ETag goes into If-Match of the order actions.").Reads<OrderJson>();

        api.MapGet("/invoices/{id:long}", async (long id, HttpRequest request, InvoiceStore store, CancellationToken ct) =>
                await store.GetAsync(id, ct) is { } i ? Record(request, ApiJson.From(i), ETags.Of(i.Version)) : Missing("invoice", id))
            .WithSummary("One invoice exactly as issued (its own copy of company, customer and lines).").Reads<InvoiceJson>();
    }

    private static async Task<ApiAnswer> ListAsync<TRow, TJson>(ListRequest<TRow> request, string? cursor, string? limit, CursorCodec codec,
        Func<TRow, TJson> map, CancellationToken ct)
    {
        var result = await KeysetPaging.LoadAsync(request, cursor, limit, refuseAboveMax: true, codec, ct);
        return result.Error is not null
            ? ApiProblems.BadRequest(result.Error)
            : ApiAnswer.Ok(new ListResponse<TJson>([.. result.Rows.Select(map)], result.NextCursor, result.NextCursor is not null));
    }

    private static ApiAnswer Record(HttpRequest request, object body, string etag) =>
        ETags.NoneMatchHits(request, etag) ? new ApiAnswer(StatusCodes.Status304NotModified, null, ETag: etag) : ApiAnswer.Ok(body, etag);

    internal static ApiAnswer Missing(string entity, long id) => ApiProblems.NotFound($"No {entity} has the id {id}.");

    /// <summary>The pages' backward and open-at positions; the API pages forward only (ADR 0015).</summary>
    private static readonly string[] PagePositions = ["before", "at"];

    /// <summary>
    /// A list request with <c>before</c> or <c>at</c> is a 400 naming the parameter, not a first page that silently
    /// ignored it: the API's answer has no previous-page cursor for a client to continue with.
    /// </summary>
    internal static ValueTask<object?> ForwardOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var query = context.HttpContext.Request.Query;
        foreach (var name in PagePositions)
        {
            if (query.ContainsKey(name))
            {
                var message = $"'{name}' is not supported by the API: its lists page forward only. Start without a position and follow next_cursor (cursor=...).";
                return ValueTask.FromResult<object?>(ApiProblems.Create(StatusCodes.Status400BadRequest, message,
                    new Dictionary<string, string[]> { [name] = [message] }));
            }
        }
        return next(context);
    }

    private static RouteHandlerBuilder Lists<T>(this RouteHandlerBuilder builder) => builder
        .AddEndpointFilter(ForwardOnly)
        .Produces<ListResponse<T>>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static RouteHandlerBuilder Reads<T>(this RouteHandlerBuilder builder) => builder
        .Produces<T>()
        .Produces(StatusCodes.Status304NotModified)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
