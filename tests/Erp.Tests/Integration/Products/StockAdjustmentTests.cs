using System.Net;
using Erp.Data.Infrastructure;
using Erp.Data.Stock;
using Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Erp.Tests.Integration.Products.ProductForms;

namespace Erp.Tests.Integration.Products;

[Collection(AppCollection.Name)]
public sealed class StockAdjustmentTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    private Task<int> OnHandAsync(long id) => App.Database.ScalarAsync<int>("SELECT on_hand FROM products WHERE id = @id", new { id });

    private Task<long> MovementCountAsync(long id) =>
        App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM stock_movements WHERE product_id = @id", new { id });

    private async Task<(HttpClient Client, long Id)> ProductAsync(string openingStock = "10")
    {
        var client = await App.SignInAsync();
        return (client, await CreatedIdAsync(client, Valid(openingStock: openingStock)));
    }

    [Fact]
    public async Task Adjustment_changes_on_hand_and_is_recorded_with_its_reason()
    {
        var (client, id) = await ProductAsync("10");

        var added = await AdjustAsync(client, id, Adjustment("+7", "Found in the back room"));
        var removed = await AdjustAsync(client, id, Adjustment("-2", "Damaged"));

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal($"/products/{id}", added.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(15, await OnHandAsync(id));
        var movements = await App.Database.QueryAsync<(string Kind, int Quantity, int OnHandAfter, string Reason)>(
            "SELECT kind, quantity, on_hand_after, reason FROM stock_movements WHERE product_id = @id AND kind = 'adjustment' ORDER BY id", new { id });
        Assert.Equal([("adjustment", 7, 17, "Found in the back room"), ("adjustment", -2, 15, "Damaged")], movements);
        var page = await client.GetHtmlAsync($"/products/{id}");
        Assert.Contains(page.Rows("stock-movements"), r => r.Cells() is [_, "adjustment", "-2", "15", _, "Damaged"]);
    }

    [Fact]
    public async Task Adjustment_below_the_reserved_quantity_is_refused_and_changes_nothing()
    {
        var (client, id) = await ProductAsync("10");
        await App.Services.GetRequiredService<Db>().WriteAsync(
            uow => App.Services.GetRequiredService<StockStore>().TryReserveAsync(uow, id, 8, orderId: 1, CancellationToken.None), CancellationToken.None);
        var movements = await MovementCountAsync(id);

        var refused = await AdjustAsync(client, id, Adjustment("-3"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var message = FormPosts.FieldError(await refused.Content.ReadAsStringAsync(), "Adjust.Quantity");
        Assert.Equal("Refused: 10 on hand minus 3 would leave less than the 8 reserved for orders. At most 2 can be removed now.", message);
        Assert.Equal(10, await OnHandAsync(id));
        Assert.Equal(movements, await MovementCountAsync(id));

        var allowed = await AdjustAsync(client, id, Adjustment("-2"));

        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        Assert.Equal(8, await OnHandAsync(id));
        Assert.Equal("0", (await client.GetHtmlAsync($"/products/{id}")).ByTestId("stock-available")?.ReadText());
    }

    [Theory]
    [InlineData("0", "Adjust.Quantity", "Quantity cannot be zero.")]
    [InlineData("1.5", "Adjust.Quantity", "Quantity must be a whole number.")]
    [InlineData("1000001", "Adjust.Quantity", "Quantity must be from -1,000,000 to 1,000,000.")]
    [InlineData("-1000001", "Adjust.Quantity", "Quantity must be from -1,000,000 to 1,000,000.")]
    [InlineData("", "Adjust.Quantity", "Quantity is required.")]
    public async Task Adjustment_quantity_must_be_a_non_zero_whole_number_within_a_million(string quantity, string field, string message)
    {
        var (client, id) = await ProductAsync("10");
        var movements = await MovementCountAsync(id);

        var response = await AdjustAsync(client, id, Adjustment(quantity));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(message, FormPosts.FieldError(await response.Content.ReadAsStringAsync(), field));
        Assert.Equal(movements, await MovementCountAsync(id));
        Assert.Equal(10, await OnHandAsync(id));
    }

    [Theory]
    [InlineData("  ", "Reason is required.")]
    [InlineData(null, "Reason is 201 characters long; at most 200 fit.")]
    public async Task Adjustment_needs_a_reason_that_fits_its_column(string? reason, string message)
    {
        var (client, id) = await ProductAsync("10");
        var movements = await MovementCountAsync(id);

        var response = await AdjustAsync(client, id, Adjustment("5", reason ?? new string('r', 201)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(message, FormPosts.FieldError(html, "Adjust.Reason"));
        Assert.Equal("5", FormPosts.InputValue(html, "Adjust.Quantity"));
        Assert.Equal(movements, await MovementCountAsync(id));
    }

    [Fact]
    public async Task Adjustment_past_the_largest_storable_quantity_is_refused_not_a_500()
    {
        var (client, id) = await ProductAsync("0");
        await App.Database.ExecuteAsync("UPDATE products SET on_hand = 2147483000 WHERE id = @id", new { id });

        var response = await AdjustAsync(client, id, Adjustment("1000000"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Refused: the on-hand quantity would grow past what can be stored.",
            FormPosts.FieldError(await response.Content.ReadAsStringAsync(), "Adjust.Quantity"));
        Assert.Equal(2147483000, await OnHandAsync(id));
    }

    [Fact]
    public async Task Htmx_adjustment_swaps_the_stock_panel_with_new_figures_and_an_empty_form()
    {
        var (client, id) = await ProductAsync("10");

        var ok = await AdjustAsync(client, id, Adjustment("5", "Delivery"), htmx: true);
        var refused = await AdjustAsync(client, id, Adjustment("-100", "Too many"), htmx: true);

        var html = await ok.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(("section", "stock"), (Html.Lead(html)?.LocalName, Html.Lead(html)?.Id));
        Assert.True(Html.IsFragment(html), "An htmx adjustment gets the stock panel, not the layout.");
        var panel = Html.Parse(html);
        Assert.Equal("15", panel.ByTestId("stock-on-hand")?.ReadText());
        Assert.Contains(panel.Rows("stock-movements"), r => r.Cells() is [_, "adjustment", "+5", "15", _, "Delivery"]);
        Assert.Equal("", FormPosts.InputValue(html, "Adjust.Quantity") ?? "");
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(("section", "stock"), (Html.Lead(refusedHtml)?.LocalName, Html.Lead(refusedHtml)?.Id));
        Assert.NotNull(FormPosts.FieldError(refusedHtml, "Adjust.Quantity"));
        Assert.Equal(15, await OnHandAsync(id));
    }

    [Fact]
    public async Task Adjusting_an_unknown_product_is_404()
    {
        var (client, id) = await ProductAsync("1");
        var form = await client.ReadFormAsync($"/products/{id}", AdjustFormId);

        var response = await client.PostAsync(form with { Action = form.Action.Replace($"/products/{id}", "/products/987654321") }, Adjustment("1"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
