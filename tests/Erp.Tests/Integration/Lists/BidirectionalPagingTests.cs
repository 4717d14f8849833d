using System.Net;
using AngleSharp.Dom;
using Erp.Tests.Support;
using Erp.Web.Paging;

namespace Erp.Tests.Integration.Lists;

/// <summary>
/// The list contract's other two positions (ADR 0014): <c>before</c> (the previous page: the keyset
/// flipped on the same index and re-reversed) and <c>at</c> (open the list at a row, with both
/// neighbouring pages named), signed and scoped like <c>cursor</c>.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BidirectionalPagingTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    private static async Task<(HttpStatusCode Status, IElement Rows)> FragmentAsync(HttpClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        var response = await client.SendAsync(request);
        return (response.StatusCode, Html.ParseFragment(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<IElement> OkAsync(HttpClient client, string url)
    {
        var (status, rows) = await FragmentAsync(client, url);
        Assert.True(status == HttpStatusCode.OK, $"{url} answered {(int)status}: {rows.TextContent}");
        return rows;
    }

    private static string? Attribute(IParentNode rows, string name)
    {
        var urls = rows.QuerySelectorAll($"tr[{name}]").Select(r => r.GetAttribute(name)).ToList();
        Assert.True(urls.Count <= 1, $"one row at most carries {name}");
        return urls.SingleOrDefault();
    }

    [Theory]
    [InlineData("/orders?limit=7", "SELECT id FROM sales_orders ORDER BY order_date DESC, id DESC")]
    [InlineData("/orders?limit=9&status=cancelled", "SELECT id FROM sales_orders WHERE status = 'cancelled' ORDER BY order_date DESC, id DESC")]
    [InlineData("/orders?limit=11&sort=total", "SELECT id FROM sales_orders ORDER BY total DESC, id DESC")]
    [InlineData("/orders?limit=6&from=2026-06-01&to=2026-09-30", "SELECT id FROM sales_orders WHERE order_date >= '2026-06-01' AND order_date < '2026-10-01' ORDER BY order_date DESC, id DESC")]
    [InlineData("/customers?limit=8", "SELECT id FROM customers ORDER BY name, id")]
    [InlineData("/customers?limit=8&sort=code", "SELECT id FROM customers ORDER BY code")]
    [InlineData("/products?limit=3&sort=sku&q=SKU-0001", "SELECT id FROM products WHERE sku LIKE 'SKU-0001%' ORDER BY sku")]
    [InlineData("/invoices?limit=13&status=paid", "SELECT id FROM invoices WHERE status = 'paid' ORDER BY invoice_date DESC, id DESC")]
    public async Task Walking_back_from_the_last_page_with_before_returns_each_row_once_in_list_order(string firstUrl, string expectedSql)
    {
        var client = await App.SignInAsync();
        var entity = firstUrl[1..firstUrl.IndexOf('?')];
        var url = firstUrl;
        IElement page;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 1000, "paging does not end");
            page = await OkAsync(client, url);
            url = Attribute(page, "data-next")!;
            if (url is null)
            {
                break;
            }
        }

        var seen = new List<long>(page.RowIds(entity));
        for (var back = Attribute(page, "data-prev"); back is not null; back = Attribute(page, "data-prev"))
        {
            Assert.Contains("before=", back);
            page = await OkAsync(client, back);
            var ids = page.RowIds(entity);
            Assert.NotEmpty(ids);
            seen.InsertRange(0, ids);
            Assert.True(seen.Count < 100_000, "paging back does not end");
        }

        var expected = await App.Database.QueryAsync<long>(expectedSql);
        Assert.True(expected.Count > 5, "the case needs several pages");
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task A_before_page_names_the_page_after_it_which_starts_at_the_row_it_was_read_before()
    {
        var client = await App.SignInAsync();
        var first = await OkAsync(client, "/orders?limit=10");
        var second = await OkAsync(client, Attribute(first, "data-next")!);

        var back = await OkAsync(client, Attribute(second, "data-prev")!);
        var forward = await OkAsync(client, Attribute(back, "data-next")!);

        Assert.Equal(first.RowIds("orders"), back.RowIds("orders"));
        Assert.Null(Attribute(back, "data-prev")); // the first page has nothing before it
        Assert.Equal(second.RowIds("orders"), forward.RowIds("orders"));
    }

    [Theory]
    [InlineData("/orders?limit=20", "orders")]
    [InlineData("/orders?limit=20&sort=total&status=invoiced", "orders")]
    [InlineData("/customers?limit=20&sort=code", "customers")]
    [InlineData("/invoices?limit=20", "invoices")]
    public async Task At_opens_the_list_at_a_row_and_names_the_pages_on_both_sides(string listUrl, string entity)
    {
        var client = await App.SignInAsync();
        var first = await OkAsync(client, listUrl);
        var second = await OkAsync(client, Attribute(first, "data-next")!);
        var row = second.Rows(entity)[5];

        var at = await OkAsync(client, $"{listUrl}&at={Uri.EscapeDataString(row.GetAttribute("data-cursor")!)}");
        var before = await OkAsync(client, Attribute(at, "data-prev")!);
        var after = await OkAsync(client, Attribute(at, "data-next")!);

        var expected = first.RowIds(entity).Concat(second.RowIds(entity)).ToList();
        var atIds = at.RowIds(entity).ToList();
        Assert.Equal(row.GetAttribute("data-id"), at.Rows(entity)[0].GetAttribute("data-id"));
        Assert.Equal(expected[25..], atIds[..15]);
        Assert.Equal(expected[5..25], before.RowIds(entity));
        Assert.NotEmpty(after.RowIds(entity));
        Assert.DoesNotContain(after.RowIds(entity)[0], atIds);
    }

    [Fact]
    public async Task An_at_page_without_javascript_has_previous_and_next_links_and_the_first_page_has_no_previous_link()
    {
        var client = await App.SignInAsync();
        var first = await client.GetHtmlAsync("/orders?limit=10");
        var cursor = first.Rows("orders")[4].GetAttribute("data-cursor")!;

        var at = await client.GetHtmlAsync($"/orders?limit=10&at={Uri.EscapeDataString(cursor)}");

        Assert.Null(first.ByRole("link", "Previous page"));
        var previous = at.ByRole("link", "Previous page")?.GetAttribute("href");
        Assert.NotNull(previous);
        Assert.NotNull(at.ByRole("link", "Next page"));
        Assert.Equal(first.RowIds("orders").Take(4), (await client.GetHtmlAsync(previous!)).RowIds("orders"));
        Assert.Equal("-1", at.ByTestId("orders-table")?.GetAttribute("aria-rowcount"));
        Assert.Empty(at.QuerySelectorAll("[aria-rowindex]"));
    }

    [Fact]
    public async Task Every_row_carries_its_signed_position_which_is_scoped_like_a_cursor()
    {
        var client = await App.SignInAsync();
        var page = await OkAsync(client, "/orders?status=invoiced&limit=5");
        var cursors = page.Rows("orders").Select(r => r.GetAttribute("data-cursor")).ToList();
        Assert.All(cursors, Assert.NotNull);
        Assert.Equal(cursors.Count, cursors.Distinct().Count());
        var cursor = Uri.EscapeDataString(cursors[2]!);

        foreach (var name in new[] { "before", "at" })
        {
            var (otherFilter, rows) = await FragmentAsync(client, $"/orders?status=shipped&{name}={cursor}");
            Assert.Equal(HttpStatusCode.BadRequest, otherFilter);
            Assert.Contains(rows.Alerts(), a => a.Contains(CursorCodec.Foreign));
            var (tampered, _) = await FragmentAsync(client, $"/orders?status=invoiced&{name}={cursor[..^3]}");
            Assert.Equal(HttpStatusCode.BadRequest, tampered);
        }
        var (both, message) = await FragmentAsync(client, $"/orders?status=invoiced&cursor={cursor}&before={cursor}");
        Assert.Equal(HttpStatusCode.BadRequest, both);
        Assert.Contains(message.Alerts(), a => a.Contains(KeysetListPage<object>.PositionParameters));
    }

    [Fact]
    public async Task Before_and_at_pages_are_never_served_from_the_first_page_cache()
    {
        var client = await App.SignInAsync();
        var first = await OkAsync(client, "/customers?limit=4");
        var second = await OkAsync(client, Attribute(first, "data-next")!);
        var before = Attribute(second, "data-prev")!;
        var firstId = (await OkAsync(client, before)).RowIds("customers")[0];

        // Behind the write path's back on purpose: only a read that skips the cache can see it.
        var email = (await App.Database.QueryAsync<string?>("SELECT email FROM customers WHERE id = @firstId", new { firstId })).Single();
        await App.Database.ExecuteAsync("UPDATE customers SET email = 'moved-away@example.test' WHERE id = @firstId", new { firstId });
        try
        {
            var again = await OkAsync(client, before);
            Assert.Contains("moved-away@example.test", again.Rows("customers")[0].TextContent);
        }
        finally
        {
            await App.Database.ExecuteAsync("UPDATE customers SET email = @email WHERE id = @firstId", new { email, firstId });
        }
    }
}
