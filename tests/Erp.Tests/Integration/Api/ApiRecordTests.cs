using System.Net;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Api;

[Collection(ApiCollection.Name)]
public sealed class ApiRecordTests(ApiFixture fixture)
{
    private ErpApp App => fixture.App;

    public static TheoryData<string, string> Records => new()
    {
        { "customers", "SELECT MIN(id) FROM customers" },
        { "products", "SELECT MIN(id) FROM products" },
        { "orders", "SELECT MIN(id) FROM sales_orders" },
        { "invoices", "SELECT MIN(id) FROM invoices" },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public async Task A_record_has_an_etag_and_if_none_match_with_it_answers_304(string entity, string anyId)
    {
        var client = await App.ApiClientAsync();
        var id = await App.Database.ScalarAsync<long>(anyId);

        var first = await client.GetAsync($"/api/v1/{entity}/{id}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(id, (await Api.JsonAsync(first)).GetProperty("id").GetInt64());
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);

        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/{entity}/{id}");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag.Tag);
        var notModified = await client.SendAsync(again);
        var other = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/{entity}/{id}");
        other.Headers.TryAddWithoutValidation("If-None-Match", "\"999999\"");

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(other)).StatusCode);
    }

    [Theory]
    [InlineData("customers")]
    [InlineData("products")]
    [InlineData("orders")]
    [InlineData("invoices")]
    public async Task An_unknown_id_is_a_404_problem(string entity)
    {
        var client = await App.ApiClientAsync();

        await Api.ProblemAsync(await client.GetAsync($"/api/v1/{entity}/999999999"), HttpStatusCode.NotFound);
        await Api.ProblemAsync(await client.GetAsync($"/api/v1/{entity}/abc"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_order_changed_by_an_action_gets_a_new_etag()
    {
        var client = await App.ApiClientAsync();
        var (customer, _, _) = await fixture.Data.CustomerAsync();
        var (product, _) = await fixture.Data.ProductAsync(10m, 5);
        var order = await fixture.Data.DraftAsync(customer, (product, 1, null));
        var before = (await client.GetAsync($"/api/v1/orders/{order}")).Headers.ETag!.Tag;

        await fixture.Data.ConfirmAsync(order);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{order}");
        request.Headers.TryAddWithoutValidation("If-None-Match", before);
        var after = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before, after.Headers.ETag!.Tag);
        Assert.Equal("confirmed", (await Api.JsonAsync(after)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_invoice_is_read_from_its_snapshot_not_from_the_live_customer()
    {
        var client = await App.ApiClientAsync();
        var (customer, code, name) = await fixture.Data.CustomerAsync();
        var (product, _) = await fixture.Data.ProductAsync(12.5m, 5);
        var order = await fixture.Data.ShippedAsync(customer, product, 2, 12.5m);
        var invoiceId = (await fixture.Data.InvoiceAsync(order)).Id!.Value;
        await App.Database.ExecuteAsync("UPDATE customers SET name = 'Renamed later' WHERE id = @customer", new { customer });

        var invoice = await Api.JsonAsync(await client.GetAsync($"/api/v1/invoices/{invoiceId}"));

        Assert.Equal(name, invoice.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal(code, invoice.GetProperty("customer").GetProperty("code").GetString());
        Assert.Equal("25.00", invoice.GetProperty("total").GetString());
        var line = Assert.Single(invoice.GetProperty("lines").EnumerateArray());
        Assert.Equal("12.50", line.GetProperty("unit_price").GetString());
        Assert.Equal(ErpApp.CompanyName, invoice.GetProperty("company_name").GetString());
    }
}
