using Erp.Data.Infrastructure;
using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Data.Stock;
using Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Orders;

/// <summary>
/// Rows made for one test, so its amounts are exact whatever the seed holds. Customers and products
/// are inserted directly (their forms are another feature); stock goes through StockStore and
/// orders through the order stores, the same path the pages use.
/// </summary>
public sealed class OrderTestData(ErpApp app)
{
    public OrderStore Orders => app.Services.GetRequiredService<OrderStore>();
    public OrderWorkflow Workflow => app.Services.GetRequiredService<OrderWorkflow>();
    public InvoiceStore Invoices => app.Services.GetRequiredService<InvoiceStore>();

    private static string Unique() => Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    public async Task<(long Id, string Code, string Name)> CustomerAsync(decimal creditLimit = 1_000_000_000m, string? name = null)
    {
        var code = "T" + Unique();
        name ??= "Test customer " + code;
        await app.Database.ExecuteAsync("""
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at, version)
            VALUES (@code, @name, @creditLimit, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1)
            """, new { code, name, creditLimit });
        return (await app.Database.ScalarAsync<long>("SELECT id FROM customers WHERE code = @code", new { code }), code, name);
    }

    public async Task<(long Id, string Sku)> ProductAsync(decimal unitPrice, int onHand, string? name = null)
    {
        var sku = "TS-" + Unique();
        await app.Database.ExecuteAsync("""
            INSERT INTO products (sku, name, unit_price, on_hand, reserved, reorder_level, created_at, updated_at, version)
            VALUES (@sku, @name, @unitPrice, 0, 0, 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1)
            """, new { sku, name = name ?? "Test product " + sku, unitPrice });
        var id = await app.Database.ScalarAsync<long>("SELECT id FROM products WHERE sku = @sku", new { sku });
        var stock = app.Services.GetRequiredService<StockStore>();
        await app.Services.GetRequiredService<Db>().WriteAsync(uow => stock.RecordOpeningAsync(uow, id, onHand, CancellationToken.None), CancellationToken.None);
        return (id, sku);
    }

    public Task<int> VersionAsync(long orderId) =>
        app.Database.ScalarAsync<int>("SELECT version FROM sales_orders WHERE id = @orderId", new { orderId });

    public Task<string> StatusAsync(long orderId) =>
        app.Database.ScalarAsync<string>("SELECT status FROM sales_orders WHERE id = @orderId", new { orderId });

    public Task<decimal> TotalAsync(long orderId) =>
        app.Database.ScalarAsync<decimal>("SELECT total FROM sales_orders WHERE id = @orderId", new { orderId });

    public Task<int> LineCountAsync(long orderId) =>
        app.Database.ScalarAsync<int>("SELECT COUNT(*) FROM sales_order_lines WHERE order_id = @orderId", new { orderId });

    public async Task<(int OnHand, int Reserved)> StockAsync(long productId) =>
        (await app.Database.QueryAsync<(int, int)>("SELECT on_hand, reserved FROM products WHERE id = @productId", new { productId }))[0];

    /// <summary>A draft order with the given lines (a null price takes the product's).</summary>
    public async Task<long> DraftAsync(long customerId, params (long ProductId, int Quantity, decimal? Price)[] lines)
    {
        var id = await Orders.CreateDraftAsync(customerId, CancellationToken.None) ?? throw new InvalidOperationException("No customer.");
        foreach (var (productId, quantity, price) in lines)
        {
            Ok(await Orders.AddLineAsync(id, await VersionAsync(id), productId, quantity, price, CancellationToken.None));
        }
        return id;
    }

    public async Task<OrderResult> ConfirmAsync(long id) => await Workflow.ConfirmAsync(id, await VersionAsync(id), CancellationToken.None);

    public async Task<OrderResult> ShipAsync(long id) => await Workflow.ShipAsync(id, await VersionAsync(id), CancellationToken.None);

    public async Task<OrderResult> CancelAsync(long id) => await Workflow.CancelAsync(id, await VersionAsync(id), CancellationToken.None);

    public async Task<OrderResult> InvoiceAsync(long id) => await Invoices.CreateForOrderAsync(id, await VersionAsync(id), CancellationToken.None);

    /// <summary>A shipped order for one product line.</summary>
    public async Task<long> ShippedAsync(long customerId, long productId, int quantity, decimal price)
    {
        var id = await DraftAsync(customerId, (productId, quantity, price));
        Ok(await ConfirmAsync(id));
        Ok(await ShipAsync(id));
        return id;
    }

    public static OrderResult Ok(OrderResult result)
    {
        Assert.True(result.Succeeded, $"{result.Outcome}: {result.Message}");
        return result;
    }

    /// <summary>Posts a form of the order page (with its antiforgery token), optionally as htmx.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, long orderId, string handler,
        Dictionary<string, string> fields, bool htmx = false)
    {
        fields["__RequestVerificationToken"] = await ErpApp.AntiforgeryTokenAsync(client, $"/orders/{orderId}");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/orders/{orderId}?handler={handler}")
        {
            Content = new FormUrlEncodedContent(fields),
        };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }
        return await client.SendAsync(request);
    }

    /// <summary>The status the order page or panel shows (test id order-status).</summary>
    public static string? Status(string html) => Html.Parse(html).ByTestId("order-status")?.ReadText();
}
