using System.Net;
using Erp.Web.Pages.Orders;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Orders;

[Collection(AppCollection.Name)]
public sealed class OrderPageTests(ErpAppFixture fixture)
{
    private const string OutOfRange = "Quantity must be from 1 to 1,000,000.";
    private readonly OrderTestData _data = new(fixture.App);
    private ErpApp App => fixture.App;

    private static Dictionary<string, string> NewLine(int version, string product, string quantity, string unitPrice = "") => new()
    {
        ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["NewLine.Product"] = product,
        ["NewLine.Quantity"] = quantity,
        ["NewLine.UnitPrice"] = unitPrice,
    };

    /// <summary>Every Version the page's forms post, as rendered (one per form: add line, each line, each action).</summary>
    private static IReadOnlyList<string?> Versions(string html) =>
        [.. Html.Parse(html).QuerySelectorAll("input[name=Version]").Select(i => i.GetAttribute("value"))];

    private async Task<(HttpClient Client, long OrderId, string Sku)> DraftAsync(decimal price = 2.5m)
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(price, 100);
        return (await App.SignInAsync(), await _data.DraftAsync(customer.Id), product.Sku);
    }

    [Fact]
    public async Task Order_page_shows_customer_status_lines_and_total_with_the_contract_labels()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(2.5m, 100);
        var id = await _data.DraftAsync(customer.Id, (product.Id, 4, null));
        var client = await App.SignInAsync();

        var html = await client.GetStringAsync($"/orders/{id}");
        var page = Html.Parse(html);

        Assert.Equal("draft", OrderTestData.Status(html));
        Assert.StartsWith(customer.Code, page.Definition("Customer"));
        Assert.Equal("10.00", page.ByTestId("order-total")?.ReadText());
        Assert.Single(page.RowIds("order-lines"));
        var newLine = page.ByRole("form", "New line");
        Assert.NotNull(newLine);
        foreach (var (label, field) in new[] { ("Product", "NewLine.Product"), ("Quantity", "NewLine.Quantity"), ("Unit price", "NewLine.UnitPrice") })
        {
            Assert.Equal(field, newLine.Labelled(label)?.GetAttribute("name"));
        }
        foreach (var button in new[] { "Add line", "Save", "Remove line", "Confirm", "Cancel order" })
        {
            Assert.NotNull(page.ByRole("button", button));
        }
        Assert.Null(page.ByRole("button", "Ship"));
    }

    [Theory]
    [InlineData("/orders/999999999")]
    [InlineData("/orders/abc")]
    [InlineData("/orders/0")]
    [InlineData("/orders/99999999999999999999999")]
    public async Task Unknown_order_ids_answer_404(string path)
    {
        var client = await App.SignInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Posting_to_an_unknown_order_answers_404()
    {
        var (client, id, sku) = await DraftAsync();
        var fields = NewLine(1, sku, "1");
        fields["__RequestVerificationToken"] = await ErpApp.AntiforgeryTokenAsync(client, $"/orders/{id}");

        var response = await client.PostAsync("/orders/999999999?handler=AddLine", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Add_line_without_htmx_redirects_back_to_the_order_with_the_product_price()
    {
        var (client, id, sku) = await DraftAsync(2.5m);

        var response = await OrderTestData.PostAsync(client, id, "AddLine", NewLine(1, sku, " 4 "));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/orders/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(10.00m, await _data.TotalAsync(id));
    }

    [Fact]
    public async Task Add_line_with_htmx_returns_only_the_order_panel_with_the_new_total()
    {
        var (client, id, sku) = await DraftAsync(2.5m);

        var response = await OrderTestData.PostAsync(client, id, "AddLine", NewLine(1, sku, "3", "1.10"), htmx: true);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Html.IsFragment(html), "An htmx post gets the order panel, not the layout.");
        Assert.Equal(("section", "order-panel"), (Html.Lead(html)?.LocalName, Html.Lead(html)?.Id));
        Assert.Equal("3.30", Html.Parse(html).ByTestId("order-total")?.ReadText());
        Assert.Equal(["2"], Versions(html).Distinct());
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.True(Html.Parse(html).ByRole("form", "New line")?.Labelled("Product")?.HasAttribute("autofocus"));
        Assert.Empty((await client.GetHtmlAsync($"/orders/{id}")).QuerySelectorAll("[autofocus]"));
    }

    [Theory]
    [InlineData("", "Quantity is required.")]
    [InlineData("0", OutOfRange)]
    [InlineData("1000001", OutOfRange)]
    [InlineData("1.5", "Quantity must be a whole number.")]
    [InlineData("-2", OutOfRange)]
    [InlineData("ten", "Quantity must be a whole number.")]
    public async Task Quantity_must_be_a_whole_number_from_1_to_1000000(string quantity, string message)
    {
        var (client, id, sku) = await DraftAsync();

        var response = await OrderTestData.PostAsync(client, id, "AddLine", NewLine(1, sku, quantity), htmx: true);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(message, FormPosts.FieldError(html, "NewLine.Quantity"));
        Assert.Equal(quantity, FormPosts.InputValue(html, "NewLine.Quantity") ?? "");
        Assert.Equal(sku, FormPosts.InputValue(html, "NewLine.Product"));
        Assert.Equal(0, await _data.LineCountAsync(id));
        Assert.Equal(1, await _data.VersionAsync(id));
    }

    [Fact]
    public async Task The_largest_quantity_is_accepted()
    {
        var (client, id, sku) = await DraftAsync();

        var response = await OrderTestData.PostAsync(client, id, "AddLine", NewLine(1, sku, "1000000", "0"), htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await _data.LineCountAsync(id));
    }

    [Theory]
    [InlineData("-0.01", "Unit price cannot be negative.")]
    [InlineData("1.234", "Unit price has at most 2 decimal places.")]
    [InlineData("12,50", "Unit price must be an amount like 1250.00 or 1,250.00.")]
    [InlineData("abc", "Unit price must be an amount like 1250.00 or 1,250.00.")]
    [InlineData("1000000000000", "Unit price must be at most 999,999,999,999.99.")]
    public async Task Unit_price_must_fit_DECIMAL_14_2_and_not_be_negative(string price, string message)
    {
        var (client, id, sku) = await DraftAsync();

        var response = await OrderTestData.PostAsync(client, id, "AddLine", NewLine(1, sku, "1", price), htmx: true);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(message, FormPosts.FieldError(html, "NewLine.UnitPrice"));
        Assert.Equal(price, FormPosts.InputValue(html, "NewLine.UnitPrice"));
        Assert.Equal(0, await _data.LineCountAsync(id));
    }

    [Fact]
    public async Task The_largest_price_is_accepted()
    {
        var (client, id, sku) = await DraftAsync();

        var response = await OrderTestData.PostAsync(client, id, "AddLine", NewLine(1, sku, "1", "999999999999.99"), htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(999_999_999_999.99m, await _data.TotalAsync(id));
    }

    [Theory]
    [InlineData("", "Enter the product's SKU or name.")]
    [InlineData("NO-SUCH-SKU-XYZ", "No product has the SKU or a name starting with")]
    public async Task Unknown_or_missing_product_is_a_field_error(string product, string message)
    {
        var (client, id, _) = await DraftAsync();

        var response = await OrderTestData.PostAsync(client, id, "AddLine", NewLine(1, product, "1"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(Html.IsFullPage(html), "Without htmx the refusal is the whole page.");
        Assert.StartsWith(message, FormPosts.FieldError(html, "NewLine.Product"));
        Assert.Equal(0, await _data.LineCountAsync(id));
    }

    [Fact]
    public async Task Total_overflow_is_reported_next_to_the_quantity()
    {
        var (client, id, sku) = await DraftAsync();

        var response = await OrderTestData.PostAsync(client, id, "AddLine", NewLine(1, sku, "1000000", "999999999999.99"), htmx: true);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.StartsWith("Quantity", FormPosts.FieldError(html, "NewLine.Quantity"));
        Assert.Equal(0, await _data.LineCountAsync(id));
    }

    [Fact]
    public async Task A_stale_edit_answers_409_with_the_current_order_and_a_reload_link()
    {
        var (client, id, sku) = await DraftAsync(2.5m);
        OrderTestData.Ok(await _data.Orders.AddLineAsync(id, 1, (await App.Database.ScalarAsync<long>(
            "SELECT id FROM products WHERE sku = @sku", new { sku })), 2, null, CancellationToken.None));

        var response = await OrderTestData.PostAsync(client, id, "AddLine", NewLine(1, sku, "7"), htmx: true);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = Html.Parse(html);
        var reload = page.ByRole("link", "Reload the order");
        Assert.Equal($"/orders/{id}", reload?.GetAttribute("href"));
        Assert.Contains("changed elsewhere", reload!.Closest("[role=alert]")?.ReadText());
        Assert.Equal("5.00", page.ByTestId("order-total")?.ReadText());
        Assert.Equal(["2"], Versions(html).Distinct());
        Assert.Equal(1, await _data.LineCountAsync(id));
    }

    [Fact]
    public async Task Save_changes_a_line_and_Remove_line_removes_it_and_both_recompute_the_total()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(2.5m, 100);
        var id = await _data.DraftAsync(customer.Id, (product.Id, 4, null), (product.Id, 1, 7m));
        var lines = (await _data.Orders.GetAsync(id, CancellationToken.None))!.Lines;
        var client = await App.SignInAsync();

        var save = await OrderTestData.PostAsync(client, id, "SaveLine", new()
        {
            ["Version"] = "3", ["Line.LineId"] = lines[0].Id.ToString(), ["Line.Quantity"] = "10", ["Line.UnitPrice"] = "",
        }, htmx: true);
        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        Assert.Equal(32.00m, await _data.TotalAsync(id));

        var remove = await OrderTestData.PostAsync(client, id, "RemoveLine", new()
        {
            ["Version"] = "4", ["Line.LineId"] = lines[1].Id.ToString(), ["confirmed"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        Assert.Equal(25.00m, await _data.TotalAsync(id));
        Assert.Equal(1, await _data.LineCountAsync(id));
    }

    [Fact]
    public async Task An_invalid_changed_line_keeps_the_input_and_shows_the_error_in_its_row()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(2.5m, 100);
        var id = await _data.DraftAsync(customer.Id, (product.Id, 4, null));
        var lineId = (await _data.Orders.GetAsync(id, CancellationToken.None))!.Lines[0].Id;
        var client = await App.SignInAsync();

        var response = await OrderTestData.PostAsync(client, id, "SaveLine", new()
        {
            ["Version"] = "2", ["Line.LineId"] = lineId.ToString(), ["Line.Quantity"] = "0", ["Line.UnitPrice"] = "-5",
        }, htmx: true);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var row = Assert.Single(Html.Parse(html).Rows("order-lines"), r => r.GetAttribute("data-id") == lineId.ToString());
        Assert.Equal(OutOfRange, row.FieldError("Line.Quantity"));
        Assert.Equal("Unit price cannot be negative.", row.FieldError("Line.UnitPrice"));
        var quantity = row.Labelled("Quantity");
        Assert.Equal(($"line-{lineId}-quantity", "Line.Quantity", $"line-{lineId}", "0"),
            (quantity?.Id, quantity?.GetAttribute("name"), quantity?.GetAttribute("form"), quantity?.GetAttribute("value")));
        var price = row.Labelled("Unit price");
        Assert.Equal(("Line.UnitPrice", $"line-{lineId}", "-5"), (price?.GetAttribute("name"), price?.GetAttribute("form"), price?.GetAttribute("value")));
        Assert.Equal(10.00m, await _data.TotalAsync(id));
    }

    [Fact]
    public async Task Removing_an_unknown_line_answers_404()
    {
        var (client, id, _) = await DraftAsync();

        var response = await OrderTestData.PostAsync(client, id, "RemoveLine", new() { ["Version"] = "1", ["Line.LineId"] = "999999999" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Buttons_walk_an_order_from_draft_to_invoiced()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(2.5m, 100);
        var id = await _data.DraftAsync(customer.Id, (product.Id, 4, null));
        var client = await App.SignInAsync();

        foreach (var (handler, status) in new[] { ("Confirm", "confirmed"), ("Ship", "shipped"), ("CreateInvoice", "invoiced") })
        {
            var response = await OrderTestData.PostAsync(client, id, handler, new() { ["Version"] = (await _data.VersionAsync(id)).ToString() }, htmx: true);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(status, OrderTestData.Status(await response.Content.ReadAsStringAsync()));
        }
        var page = await client.GetHtmlAsync($"/orders/{id}");
        var invoice = page.QuerySelectorAll("dt").Single(dt => dt.ReadText() == "Invoice").NextElementSibling?.QuerySelector("a[href]");
        Assert.StartsWith("/invoices/", invoice?.GetAttribute("href"));
        foreach (var button in new[] { "Confirm", "Ship", "Create invoice", "Cancel order", "Add line" })
        {
            Assert.Null(page.ByRole("button", button));
        }
    }

    [Theory]
    [InlineData("Ship", HttpStatusCode.Conflict, "Only a confirmed order can be shipped. This order is draft.")]
    [InlineData("CreateInvoice", HttpStatusCode.Conflict, "Only a shipped order can be invoiced. This order is draft.")]
    [InlineData("Confirm", HttpStatusCode.UnprocessableEntity, "Add at least one line before confirming the order.")]
    public async Task Refused_transitions_answer_with_an_alert_and_never_500(string handler, HttpStatusCode status, string message)
    {
        var (client, id, _) = await DraftAsync();

        foreach (var htmx in new[] { true, false })
        {
            var response = await OrderTestData.PostAsync(client, id, handler, new() { ["Version"] = "1" }, htmx);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(status, response.StatusCode);
            var alert = Assert.Single(Html.Parse(html).AllByRole("alert"), a => a.ReadText() == message);
            Assert.Contains("error", alert.ClassList);
            Assert.Equal(htmx, Html.IsFragment(html));
            Assert.Equal(!htmx, Html.IsFullPage(html));
        }
        Assert.Equal("draft", await _data.StatusAsync(id));
    }

    [Fact]
    public async Task Cancel_after_shipping_is_refused_with_409()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(1m, 10);
        var id = await _data.ShippedAsync(customer.Id, product.Id, 1, 1m);
        var client = await App.SignInAsync();

        var response = await OrderTestData.PostAsync(client, id, "Cancel", new() { ["Version"] = (await _data.VersionAsync(id)).ToString() });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains((await response.ReadHtmlAsync()).Alerts(), a => a.Contains("This order is shipped.", StringComparison.Ordinal));
        Assert.Equal("shipped", await _data.StatusAsync(id));
    }

    [Fact]
    public async Task A_missing_or_garbled_version_is_treated_as_stale()
    {
        var (client, id, sku) = await DraftAsync();

        var response = await OrderTestData.PostAsync(client, id, "AddLine", new()
        {
            ["Version"] = "x", ["NewLine.Product"] = sku, ["NewLine.Quantity"] = "1",
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(0, await _data.LineCountAsync(id));
    }
}
