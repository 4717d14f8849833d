using System.Text.RegularExpressions;
using Erp.Data.Orders;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Invoices;

[Collection(AppCollection.Name)]
public sealed partial class InvoiceTests(ErpAppFixture fixture)
{
    private readonly OrderTestData _data = new(fixture.App);
    private ErpApp App => fixture.App;

    private sealed record InvoiceRow(long Id, string InvoiceNo, long OrderId, string Status, DateTime InvoiceDate, DateTime DueDate, decimal Total);

    private Task<IReadOnlyList<InvoiceRow>> InvoicesOfAsync(long orderId) => App.Database.QueryAsync<InvoiceRow>("""
        SELECT id, invoice_no AS InvoiceNo, order_id AS OrderId, status, invoice_date AS InvoiceDate, due_date AS DueDate, total
        FROM invoices WHERE order_id = @orderId
        """, new { orderId });

    [Fact]
    public async Task Invoicing_a_shipped_order_numbers_it_for_the_year_with_the_order_total_and_a_30_day_due_date()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(1m, 10);
        var id = await _data.ShippedAsync(customer.Id, product.Id, 3, 19.99m);

        var result = OrderTestData.Ok(await _data.InvoiceAsync(id));

        var invoice = Assert.Single(await InvoicesOfAsync(id));
        Assert.Equal(result.Id, invoice.Id);
        Assert.Matches(InvoiceNumber(), invoice.InvoiceNo);
        Assert.StartsWith($"INV-{invoice.InvoiceDate.Year}-", invoice.InvoiceNo);
        Assert.Equal(59.97m, invoice.Total);
        Assert.Equal("open", invoice.Status);
        Assert.Equal(invoice.InvoiceDate.Date.AddDays(30), invoice.DueDate);
        Assert.Equal(OrderStatus.Invoiced, await _data.StatusAsync(id));
    }

    [Fact]
    public async Task An_order_is_invoiced_once_even_when_two_requests_race()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(1m, 10);
        var id = await _data.ShippedAsync(customer.Id, product.Id, 1, 5m);
        var version = await _data.VersionAsync(id);

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            Task.Run(() => _data.Invoices.CreateForOrderAsync(id, version, CancellationToken.None))));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(await InvoicesOfAsync(id));
    }

    [Fact]
    public async Task Fifty_parallel_invoicings_get_fifty_consecutive_numbers_without_a_gap()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(1m, 100);
        var orders = new List<long>();
        for (var i = 0; i < 50; i++)
        {
            orders.Add(await _data.ShippedAsync(customer.Id, product.Id, 1, 1m));
        }
        var versions = await Task.WhenAll(orders.Select(_data.VersionAsync));

        var results = await Task.WhenAll(orders.Select((id, i) =>
            Task.Run(() => _data.Invoices.CreateForOrderAsync(id, versions[i], CancellationToken.None))));

        Assert.All(results, r => OrderTestData.Ok(r));
        var numbers = (await App.Database.QueryAsync<string>(
                "SELECT invoice_no FROM invoices WHERE order_id IN @orders", new { orders }))
            .Select(n => (Year: n[4..8], Seq: long.Parse(n[9..])))
            .OrderBy(n => n.Seq)
            .ToList();
        Assert.Equal(50, numbers.Select(n => n.Seq).Distinct().Count());
        Assert.Single(numbers.Select(n => n.Year).Distinct());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => numbers[0].Seq + i), numbers.Select(n => n.Seq));
        var next = await App.Database.ScalarAsync<long>(
            "SELECT next_value FROM number_sequences WHERE name = @name", new { name = "invoice-" + numbers[0].Year });
        Assert.Equal(numbers[^1].Seq + 1, next);
    }

    [Fact]
    public async Task A_refused_invoicing_takes_no_number()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(1m, 10);
        var first = await _data.ShippedAsync(customer.Id, product.Id, 1, 1m);
        var notShipped = await _data.DraftAsync(customer.Id, (product.Id, 1, null));
        OrderTestData.Ok(await _data.InvoiceAsync(first));
        var stale = await _data.ShippedAsync(customer.Id, product.Id, 1, 1m);
        var second = await _data.ShippedAsync(customer.Id, product.Id, 1, 1m);

        Assert.Equal(OrderOutcome.Conflict, (await _data.InvoiceAsync(notShipped)).Outcome);
        Assert.Equal(OrderOutcome.Stale, (await _data.Invoices.CreateForOrderAsync(stale, 1, CancellationToken.None)).Outcome);
        OrderTestData.Ok(await _data.InvoiceAsync(second));

        var a = (await InvoicesOfAsync(first))[0].InvoiceNo;
        var b = (await InvoicesOfAsync(second))[0].InvoiceNo;
        Assert.Equal(long.Parse(a[9..]) + 1, long.Parse(b[9..]));
    }

    [Fact]
    public async Task Invoice_page_shows_number_customer_lines_total_and_due_date()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(1m, 10);
        var id = await _data.ShippedAsync(customer.Id, product.Id, 2, 1234.5m);
        var invoiceId = OrderTestData.Ok(await _data.InvoiceAsync(id)).Id;
        var invoice = (await InvoicesOfAsync(id))[0];
        var client = await App.SignInAsync();

        var html = await client.GetStringAsync($"/invoices/{invoiceId}");

        Assert.Contains($"data-testid=\"invoice-number\">{invoice.InvoiceNo}<", html);
        Assert.Contains("data-testid=\"invoice-total\">2,469.00<", html);
        Assert.Contains(customer.Name, html);
        Assert.Contains(product.Sku, html);
        Assert.Contains(invoice.DueDate.ToString("yyyy-MM-dd"), html);
        var order = await client.GetStringAsync($"/orders/{id}");
        Assert.Contains($"href=\"/invoices/{invoiceId}\">{invoice.InvoiceNo}<", order);
    }

    [Theory]
    [InlineData("/invoices/999999999")]
    [InlineData("/invoices/abc")]
    [InlineData("/invoices/-1")]
    [InlineData("/invoices/99999999999999999999999")]
    public async Task Unknown_invoice_ids_answer_404(string path)
    {
        var client = await App.SignInAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [GeneratedRegex("^INV-[0-9]{4}-[0-9]{6}$")]
    private static partial Regex InvoiceNumber();
}
