using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.WebUtilities;
using Erp.Tests.Support;
using Erp.Web.Paging;

namespace Erp.Tests.Integration.Lists;

[Collection(AppCollection.Name)]
public sealed class ListPagingTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    private static async Task<string> FragmentAsync(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{url} answered {(int)response.StatusCode}: {html}");
        return html;
    }

    /// <summary>The last row's data-next (null on the last page); exactly one row of a page carries it.</summary>
    private static string? NextUrl(IParentNode rows)
    {
        var urls = rows.QuerySelectorAll("tr[data-next]").Select(r => r.GetAttribute("data-next")).ToList();
        Assert.True(urls.Count <= 1, "only the last row names the next page");
        return urls.SingleOrDefault();
    }

    private async Task<List<long>> WalkAsync(HttpClient client, string firstUrl, string entity, Func<int, Task>? betweenPages = null)
    {
        var seen = new List<long>();
        var url = firstUrl;
        for (var page = 0; url is not null; page++)
        {
            Assert.True(page < 1000, "paging does not end");
            var rows = Html.ParseFragment(await FragmentAsync(client, url));
            seen.AddRange(rows.RowIds(entity));
            url = NextUrl(rows);
            if (url is not null && betweenPages is not null)
            {
                await betweenPages(page);
            }
        }
        return seen;
    }

    [Theory]
    [InlineData("/orders?limit=7", "SELECT id FROM sales_orders ORDER BY order_date DESC, id DESC")]
    [InlineData("/orders?limit=9&status=cancelled", "SELECT id FROM sales_orders WHERE status = 'cancelled' ORDER BY order_date DESC, id DESC")]
    [InlineData("/orders?limit=11&sort=total", "SELECT id FROM sales_orders ORDER BY total DESC, id DESC")]
    [InlineData("/orders?limit=5&sort=total&status=invoiced", "SELECT id FROM sales_orders WHERE status = 'invoiced' ORDER BY total DESC, id DESC")]
    [InlineData("/orders?limit=6&from=2026-06-01&to=2026-09-30", "SELECT id FROM sales_orders WHERE order_date >= '2026-06-01' AND order_date < '2026-10-01' ORDER BY order_date DESC, id DESC")]
    [InlineData("/customers?limit=8", "SELECT id FROM customers ORDER BY name, id")]
    [InlineData("/customers?limit=8&sort=code", "SELECT id FROM customers ORDER BY code")]
    [InlineData("/products?limit=3&sort=sku&q=SKU-0001", "SELECT id FROM products WHERE sku LIKE 'SKU-0001%' ORDER BY sku")]
    [InlineData("/invoices?limit=13&status=paid", "SELECT id FROM invoices WHERE status = 'paid' ORDER BY invoice_date DESC, id DESC")]
    public async Task Walking_every_page_returns_each_matching_row_once_in_order(string firstUrl, string expectedSql)
    {
        var client = await App.SignInAsync();
        var entity = firstUrl[1..firstUrl.IndexOf('?')];

        var seen = await WalkAsync(client, firstUrl, entity);

        var expected = await App.Database.QueryAsync<long>(expectedSql);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Rows_inserted_while_scrolling_do_not_shift_or_repeat_the_rows_that_existed()
    {
        var client = await App.SignInAsync();
        var customer = await App.Database.ScalarAsync<long>("SELECT MIN(id) FROM customers");
        var existing = await App.Database.QueryAsync<long>(
            "SELECT id FROM sales_orders WHERE customer_id = @customer ORDER BY order_date DESC, id DESC", new { customer });
        var range = await App.Database.QueryAsync<DateTime>(
            "SELECT order_date FROM sales_orders WHERE customer_id = @customer ORDER BY order_date", new { customer });
        Assert.True(existing.Count >= 3, "the first customer needs a few orders");

        // Between every two page reads, insert orders before, inside and after the list's range,
        // including one that ties the sort key of an existing row.
        async Task InsertAsync(int page)
        {
            foreach (var date in new[] { range[0].AddDays(-1), range[^1].AddDays(1), range[range.Count / 2] })
            {
                await App.Database.ExecuteAsync("""
                    INSERT INTO sales_orders (customer_id, status, order_date, total, created_at, updated_at)
                    VALUES (@customer, 'draft', @date, 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
                    """, new { customer, date });
            }
        }

        var seen = await WalkAsync(client, $"/orders?limit=1&customer={customer}", "orders", InsertAsync);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(existing, seen.Where(existing.Contains).ToList());
    }

    [Fact]
    public async Task The_last_row_of_a_page_with_more_names_the_next_page_and_no_JS_gets_a_next_link()
    {
        var client = await App.SignInAsync();

        var page = await client.GetHtmlAsync("/orders");

        var last = page.AllByTestId("orders-row").Single(r => r.HasAttribute("data-next"));
        Assert.Same(page.AllByTestId("orders-row")[^1], last);
        var next = NextUrl(page)!;
        Assert.Equal(next, page.ByRole("link", "Next page")?.GetAttribute("href"));
        Assert.Equal(50, (await client.GetHtmlAsync(next)).RowIds("orders").Count);
    }

    [Theory]
    [InlineData("/orders", "orders", "/orders/")]
    [InlineData("/customers", "customers", "/customers/")]
    [InlineData("/products", "products", "/products/")]
    [InlineData("/invoices", "invoices", "/invoices/")]
    public async Task Every_row_links_to_its_record_page_and_the_link_opens_it(string list, string entity, string recordPath)
    {
        var client = await App.SignInAsync();

        var rows = Html.ParseFragment(await FragmentAsync(client, list)).Rows(entity);

        Assert.NotEmpty(rows);
        foreach (var row in rows)
            Assert.Equal(recordPath + row.GetAttribute("data-id"), row.QuerySelector("td a")?.GetAttribute("href"));
        var opened = await client.GetAsync(rows[^1].QuerySelector("td a")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { "/orders?sort=price", "Unknown sort 'price'" },
        { "/orders?status=lost", "Unknown status 'lost'" },
        { "/orders?customer=abc", "record number" },
        { "/orders?customer=-4", "record number" },
        { "/orders?customer=0", "record number" },
        { "/orders?from=2026-13-01", "must look like 2026-01-31" },
        { "/orders?to=yesterday", "must look like 2026-01-31" },
        { "/orders?from=2026-05-01&to=2026-04-01", "must not be after" },
        { "/orders?sort=total&from=2026-01-01", "sort by date to filter by date" },
        { "/orders?limit=many", "whole number" },
        { "/customers?sort=email", "Unknown sort 'email'" },
        { "/products?sort=price", "Unknown sort 'price'" },
        { "/invoices?status=overdue", "Unknown status 'overdue'" },
        { "/orders?cursor=not-a-cursor", CursorCodec.Changed },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_list_input_is_a_400_with_a_message_in_page_and_fragment(string url, string message)
    {
        var client = await App.SignInAsync();

        var page = await client.GetAsync(url);
        var fragment = await FragmentAsync(client, url, HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains((await page.ReadHtmlAsync()).Alerts(), a => a.Contains(message));
        Assert.Contains(Html.ParseFragment(fragment).Alerts(), a => a.Contains(message));
    }

    [Fact]
    public async Task Tampered_truncated_and_foreign_cursors_are_refused()
    {
        var client = await App.SignInAsync();
        var next = NextUrl(Html.ParseFragment(await FragmentAsync(client, "/orders?status=invoiced")))!;
        var cursor = QueryHelpers.ParseQuery(next[next.IndexOf('?')..])["cursor"].ToString();
        var flipped = (cursor[5] == 'A' ? 'B' : 'A');

        await FragmentAsync(client, next.Replace(cursor, cursor[..5] + flipped + cursor[6..]), HttpStatusCode.BadRequest);
        await FragmentAsync(client, next.Replace(cursor, cursor[..^4]), HttpStatusCode.BadRequest);
        var otherFilter = await FragmentAsync(client, $"/orders?status=shipped&cursor={cursor}", HttpStatusCode.BadRequest);
        var otherSort = await FragmentAsync(client, $"/orders?status=invoiced&sort=total&cursor={cursor}", HttpStatusCode.BadRequest);
        var otherList = await FragmentAsync(client, $"/invoices?cursor={cursor}", HttpStatusCode.BadRequest);

        Assert.All(new[] { otherFilter, otherSort, otherList }, html => Assert.Contains(Html.ParseFragment(html).Alerts(), a => a.Contains(CursorCodec.Foreign)));
        await FragmentAsync(client, next); // the untouched cursor still works
    }

    [Fact]
    public async Task The_customer_page_links_to_that_customers_orders_and_invoices()
    {
        var client = await App.SignInAsync();
        var customer = await App.Database.ScalarAsync<long>(
            "SELECT customer_id FROM sales_orders GROUP BY customer_id ORDER BY COUNT(*) DESC, customer_id LIMIT 1");

        var page = await client.GetHtmlAsync($"/customers/{customer}");
        var ordersUrl = page.ByRole("link", "Orders of this customer")?.GetAttribute("href");

        Assert.Equal($"/orders?customer={customer}", ordersUrl);
        Assert.Equal($"/invoices?customer={customer}", page.ByRole("link", "Invoices of this customer")?.GetAttribute("href"));
        var expected = await App.Database.QueryAsync<long>(
            "SELECT id FROM sales_orders WHERE customer_id = @customer ORDER BY order_date DESC, id DESC", new { customer });
        Assert.Equal(expected, await WalkAsync(client, ordersUrl!, "orders"));
    }
}
