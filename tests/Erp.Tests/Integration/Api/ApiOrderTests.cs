using System.Net;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Api;

[Collection(ApiCollection.Name)]
public sealed class ApiOrderTests(ApiFixture fixture)
{
    private ErpApp App => fixture.App;

    [Fact]
    public async Task Posting_an_order_creates_a_draft_with_its_lines_at_the_products_prices()
    {
        var client = await App.ApiClientAsync();
        var (customer, _, _) = await fixture.Data.CustomerAsync();
        var (first, _) = await fixture.Data.ProductAsync(10m, 5);
        var (second, _) = await fixture.Data.ProductAsync(2.25m, 5);

        var response = await client.SendAsync(Api.Post("/api/v1/orders", Api.NewOrderJson(customer, (first, 2), (second, 4))));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await Api.JsonAsync(response);
        var id = order.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/orders/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("draft", order.GetProperty("status").GetString());
        Assert.Equal("29.00", order.GetProperty("total").GetString());
        Assert.Equal(2, order.GetProperty("lines").GetArrayLength());
        Assert.Equal(29.00m, await fixture.Data.TotalAsync(id));
        Assert.Equal(2, await fixture.Data.LineCountAsync(id));
    }

    [Fact]
    public async Task A_posted_unit_price_is_ignored_the_line_takes_the_products_price()
    {
        var client = await App.ApiClientAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        var (customer, _, _) = await fixture.Data.CustomerAsync();
        var (product, _) = await fixture.Data.ProductAsync(40m, 5);

        var response = await client.SendAsync(Api.Post("/api/v1/orders",
            $$"""{"customer_id": {{customer}}, "lines": [{"product_id": {{product}}, "quantity": 1, "unit_price": "0.01"}]}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("40.00", (await Api.JsonAsync(response)).GetProperty("lines")[0].GetProperty("unit_price").GetString());
    }

    [Fact]
    public async Task Invalid_fields_are_a_422_problem_naming_each_field_and_nothing_is_created()
    {
        var client = await App.ApiClientAsync();
        var (product, _) = await fixture.Data.ProductAsync(10m, 5);
        var before = await App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM sales_orders");

        var problem = await Api.ProblemAsync(await client.SendAsync(Api.Post("/api/v1/orders",
                $$"""{"lines": [{"product_id": {{product}}, "quantity": 0}, {"quantity": 1}]}""")), HttpStatusCode.UnprocessableEntity);
        var unknownCustomer = await Api.ProblemAsync(await client.SendAsync(Api.Post("/api/v1/orders",
            Api.NewOrderJson(999_999_999, (product, 1)))), HttpStatusCode.UnprocessableEntity);
        var (customer, _, _) = await fixture.Data.CustomerAsync();
        var unknownProduct = await Api.ProblemAsync(await client.SendAsync(Api.Post("/api/v1/orders",
            Api.NewOrderJson(customer, (product, 1), (999_999_999, 1)))), HttpStatusCode.UnprocessableEntity);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("customer_id", out _));
        Assert.True(errors.TryGetProperty("lines[0].quantity", out _));
        Assert.True(errors.TryGetProperty("lines[1].product_id", out _));
        Assert.True(unknownCustomer.GetProperty("errors").TryGetProperty("customer_id", out _));
        Assert.True(unknownProduct.GetProperty("errors").TryGetProperty("lines[1].product_id", out _));
        Assert.Equal(before, await App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM sales_orders"));
    }

    [Fact]
    public async Task An_order_goes_through_confirm_ship_and_invoice_with_its_etags()
    {
        var client = await App.ApiClientAsync();
        var (customer, _, _) = await fixture.Data.CustomerAsync();
        var (product, _) = await fixture.Data.ProductAsync(10m, 5);
        var created = await client.SendAsync(Api.Post("/api/v1/orders", Api.NewOrderJson(customer, (product, 3))));
        var id = (await Api.JsonAsync(created)).GetProperty("id").GetInt64();

        var confirmed = await client.SendAsync(Api.Post($"/api/v1/orders/{id}/confirm", ifMatch: created.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("confirmed", (await Api.JsonAsync(confirmed)).GetProperty("status").GetString());
        Assert.Equal((5, 3), await fixture.Data.StockAsync(product));
        // Repeating the action with the ETag it was given before is stale (412), not a state conflict.
        await Api.ProblemAsync(await client.SendAsync(Api.Post($"/api/v1/orders/{id}/confirm", ifMatch: created.Headers.ETag!.Tag)),
            HttpStatusCode.PreconditionFailed);

        var shipped = await client.SendAsync(Api.Post($"/api/v1/orders/{id}/ship", ifMatch: confirmed.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        Assert.Equal((2, 0), await fixture.Data.StockAsync(product));

        var invoiced = await client.SendAsync(Api.Post($"/api/v1/orders/{id}/invoice", ifMatch: shipped.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.Created, invoiced.StatusCode);
        var invoice = await Api.JsonAsync(invoiced);
        Assert.Equal($"/api/v1/invoices/{invoice.GetProperty("id").GetInt64()}", invoiced.Headers.Location?.OriginalString);
        Assert.Equal("30.00", invoice.GetProperty("total").GetString());
        Assert.Equal("invoiced", await fixture.Data.StatusAsync(id));
    }

    [Fact]
    public async Task An_action_without_if_match_is_428_and_with_a_stale_etag_412_and_nothing_changes()
    {
        var client = await App.ApiClientAsync();
        var (customer, _, _) = await fixture.Data.CustomerAsync();
        var (product, _) = await fixture.Data.ProductAsync(10m, 5);
        var order = await fixture.Data.DraftAsync(customer, (product, 1, null));
        var stale = (await client.GetAsync($"/api/v1/orders/{order}")).Headers.ETag!.Tag;
        await App.Database.ExecuteAsync("UPDATE sales_orders SET version = version + 1 WHERE id = @order", new { order });
        var version = await fixture.Data.VersionAsync(order);

        await Api.ProblemAsync(await client.SendAsync(Api.Post($"/api/v1/orders/{order}/confirm")), HttpStatusCode.PreconditionRequired);
        await Api.ProblemAsync(await client.SendAsync(Api.Post($"/api/v1/orders/{order}/confirm", ifMatch: stale)), HttpStatusCode.PreconditionFailed);
        await Api.ProblemAsync(await client.SendAsync(Api.Post($"/api/v1/orders/{order}/cancel", ifMatch: "W/\"" + version + "\"")),
            HttpStatusCode.PreconditionFailed);
        await Api.ProblemAsync(await client.SendAsync(Api.Post($"/api/v1/orders/{order}/confirm", ifMatch: "garbage")), HttpStatusCode.PreconditionFailed);

        Assert.Equal("draft", await fixture.Data.StatusAsync(order));
        Assert.Equal(version, await fixture.Data.VersionAsync(order));
        Assert.Equal((5, 0), await fixture.Data.StockAsync(product));
        var current = await client.SendAsync(Api.Post($"/api/v1/orders/{order}/confirm", ifMatch: $"\"{version}\""));
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task The_pages_rules_hold_credit_limit_422_short_stock_and_wrong_state_409()
    {
        var client = await App.ApiClientAsync();
        var (poor, _, _) = await fixture.Data.CustomerAsync(creditLimit: 5m);
        var (rich, _, _) = await fixture.Data.CustomerAsync();
        var (product, _) = await fixture.Data.ProductAsync(10m, 2);
        var overCredit = await fixture.Data.DraftAsync(poor, (product, 1, null));
        var overStock = await fixture.Data.DraftAsync(rich, (product, 3, null));

        var credit = await Api.ProblemAsync(await client.SendAsync(Api.Post($"/api/v1/orders/{overCredit}/confirm", ifMatch: "*")),
            HttpStatusCode.UnprocessableEntity);
        var stock = await Api.ProblemAsync(await client.SendAsync(Api.Post($"/api/v1/orders/{overStock}/confirm", ifMatch: "*")),
            HttpStatusCode.Conflict);
        var ship = await Api.ProblemAsync(await client.SendAsync(Api.Post($"/api/v1/orders/{overStock}/ship", ifMatch: "*")),
            HttpStatusCode.Conflict);

        Assert.StartsWith("Credit limit exceeded", credit.GetProperty("detail").GetString());
        Assert.StartsWith("Not enough stock", stock.GetProperty("detail").GetString());
        Assert.Contains("Only a confirmed order can be shipped", ship.GetProperty("detail").GetString());
        Assert.Equal((2, 0), await fixture.Data.StockAsync(product));
        await Api.ProblemAsync(await client.SendAsync(Api.Post("/api/v1/orders/999999999/confirm", ifMatch: "\"1\"")), HttpStatusCode.NotFound);
    }
}
