using System.Net;
using Erp.Tests.Support;

namespace Erp.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class FirstPageTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    [Fact]
    public async Task Orders_page_shows_the_50_newest_orders_in_the_orders_table()
    {
        var client = await App.SignInAsync();

        var page = await client.GetHtmlAsync("/orders");

        var table = page.ByTestId("orders-table");
        Assert.NotNull(table);
        var expected = await App.Database.QueryAsync<long>("SELECT id FROM sales_orders ORDER BY order_date DESC, id DESC LIMIT 50");
        Assert.Equal(expected, table.RowIds("orders"));
    }

    [Fact]
    public async Task Customers_page_shows_the_first_50_customers_by_name()
    {
        var client = await App.SignInAsync();

        var page = await client.GetHtmlAsync("/customers");

        var table = page.ByTestId("customers-table");
        Assert.NotNull(table);
        var expected = await App.Database.QueryAsync<long>("SELECT id FROM customers ORDER BY name, id LIMIT 50");
        Assert.Equal(expected, table.RowIds("customers"));
    }

    [Fact]
    public async Task Htmx_request_gets_only_the_rows_fragment_and_the_response_varies_on_HX_Request()
    {
        var client = await App.SignInAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.Add("HX-Request", "true");

        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.True(Html.IsFragment(html), "An htmx request gets the rows, not the layout.");
        Assert.Equal(50, Html.ParseFragment(html).RowIds("orders").Count);
    }

    [Fact]
    public async Task History_restore_gets_the_full_page()
    {
        var client = await App.SignInAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-History-Restore-Request", "true");

        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.True(Html.IsFullPage(html), "A history restore gets the whole page in the layout.");
    }

    [Theory]
    [InlineData("10", 10)]
    [InlineData("5000", 200)]
    [InlineData("0", 1)]
    [InlineData("-5", 1)]
    [InlineData("99999999999", 200)]
    public async Task Limit_is_clamped_between_1_and_200_on_pages(string limit, int expectedRows)
    {
        var client = await App.SignInAsync();

        var page = await client.GetHtmlAsync($"/orders?limit={limit}");

        Assert.Equal(expectedRows, page.RowIds("orders").Count);
    }
}
