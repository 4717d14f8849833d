using System.Net;
using System.Web;
using Erp.Tests.Support;
using Erp.Web.Paging;

namespace Erp.Tests.Integration.Lists;

/// <summary>The orders and invoices lists filter by the code people see ("Customer code"); links keep using the id.</summary>
[Collection(AppCollection.Name)]
public sealed class CustomerCodeFilterTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    private sealed record Customer(long Id, string Code);

    /// <summary>Customers with the most rows in <paramref name="table"/> (at least two each, so their lists have a second page at limit=1).</summary>
    private Task<IReadOnlyList<Customer>> BusiestAsync(string table) => App.Database.QueryAsync<Customer>($"""
        SELECT c.id, c.code FROM customers c
        JOIN (SELECT customer_id, COUNT(*) AS n FROM {table} GROUP BY customer_id HAVING COUNT(*) >= 2) t ON t.customer_id = c.id
        ORDER BY t.n DESC, c.id LIMIT 2
        """);

    private Task<IReadOnlyList<long>> IdsOfAsync(string table, string dateColumn, long customerId) => App.Database.QueryAsync<long>(
        $"SELECT id FROM {table} WHERE customer_id = @customerId ORDER BY {dateColumn} DESC, id DESC", new { customerId });

    private static async Task<(HttpStatusCode Status, AngleSharp.Dom.IDocument Page)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return (response.StatusCode, Html.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static IEnumerable<long> Ids(AngleSharp.Dom.IDocument page, string entity) =>
        page.Rows(entity).Select(r => long.Parse(r.GetAttribute("data-id")!));

    [Theory]
    [InlineData("orders", "sales_orders", "order_date")]
    [InlineData("invoices", "invoices", "invoice_date")]
    public async Task The_list_filters_by_the_customer_code_typed_into_a_labelled_field(string list, string table, string dateColumn)
    {
        var customer = (await BusiestAsync(table))[0];
        var client = await App.SignInAsync();

        var (status, page) = await GetAsync(client, $"/{list}?customer_code={HttpUtility.UrlEncode(" " + customer.Code.ToLowerInvariant() + " ")}&limit=200");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(await IdsOfAsync(table, dateColumn, customer.Id), Ids(page, list));
        var field = page.Labelled("Customer code");
        Assert.NotNull(field);
        Assert.Equal("customer_code", field.GetAttribute("name"));
        Assert.Equal(customer.Code, field.GetAttribute("value"));
        Assert.Null(page.Labelled("Customer number"));
    }

    [Theory]
    [InlineData("orders", "sales_orders", "order_date")]
    [InlineData("invoices", "invoices", "invoice_date")]
    public async Task A_link_with_the_customer_id_still_filters_and_shows_that_customers_code(string list, string table, string dateColumn)
    {
        var customer = (await BusiestAsync(table))[0];
        var client = await App.SignInAsync();

        var (status, page) = await GetAsync(client, $"/{list}?customer={customer.Id}&limit=200");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(await IdsOfAsync(table, dateColumn, customer.Id), Ids(page, list));
        Assert.Equal(customer.Code, page.Labelled("Customer code")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("invoices")]
    public async Task An_unknown_customer_code_is_an_empty_list_that_says_so(string list)
    {
        var client = await App.SignInAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/{list}?customer_code=NO-SUCH-CODE");
        request.Headers.Add("HX-Request", "true");

        var (status, page) = await GetAsync(client, $"/{list}?customer_code=NO-SUCH-CODE");
        var fragment = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(page.Rows(list));
        Assert.Equal("No customer has the code “NO-SUCH-CODE”.", page.QuerySelector($"#{list}-rows .empty")!.TextContent.Trim());
        Assert.Equal("NO-SUCH-CODE", page.Labelled("Customer code")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        Assert.Contains("No customer has the code “NO-SUCH-CODE”.", WebUtility.HtmlDecode(await fragment.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("orders", "sales_orders")]
    [InlineData("invoices", "invoices")]
    public async Task A_cursor_made_for_another_customer_code_is_refused(string list, string table)
    {
        var customers = await BusiestAsync(table);
        var (a, b) = (customers[0], customers[1]);
        var client = await App.SignInAsync();
        var (_, first) = await GetAsync(client, $"/{list}?customer_code={a.Code}&limit=1");
        var next = WebUtility.HtmlDecode(first.Rows(list)[^1].GetAttribute("data-next")!);
        var cursor = HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), next).Query)["cursor"]!;

        var own = await client.GetAsync(next);
        var (status, page) = await GetAsync(client, $"/{list}?customer_code={b.Code}&limit=1&cursor={Uri.EscapeDataString(cursor)}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(CursorCodec.Foreign + " First page", page.QuerySelector($"#{list}-rows [role='alert']")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_customer_id_and_a_code_of_two_different_customers_are_refused()
    {
        var customers = await BusiestAsync("sales_orders");
        var client = await App.SignInAsync();

        var (status, page) = await GetAsync(client, $"/orders?customer={customers[0].Id}&customer_code={customers[1].Code}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("name different customers", page.QuerySelector("#orders-rows [role='alert']")!.TextContent);
    }
}
