using System.Net;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Lists;

/// <summary>
/// Edges the big-data tests do not reach: ascending lists sorted by a non-unique name need the id as
/// tie-breaker across page boundaries, and search text is a literal prefix even when it holds LIKE wildcards.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ListEdgeCaseTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    [Theory]
    [InlineData("customers", "INSERT INTO customers (code, name, created_at, updated_at) VALUES (@code, @name, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))")]
    [InlineData("products", "INSERT INTO products (sku, name, unit_price, created_at, updated_at) VALUES (@code, @name, 1, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))")]
    public async Task Rows_with_the_same_name_across_page_boundaries_each_appear_once_in_id_order(string entity, string insert)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var name = $"Twin {tag}";
        for (var i = 0; i < 5; i++)
        {
            await App.Database.ExecuteAsync(insert, new { code = $"T{tag}{i}", name });
        }
        var table = entity;
        var expected = await App.Database.QueryAsync<long>($"SELECT id FROM {table} WHERE name = @name ORDER BY id", new { name });
        var client = await App.SignInAsync();

        var seen = new List<long>();
        string? url = $"/{entity}?sort=name&limit=2&q={Uri.EscapeDataString(name)}";
        for (var page = 0; url is not null; page++)
        {
            Assert.True(page < 10, "paging does not end");
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("HX-Request", "true");
            var response = await client.SendAsync(request);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var rows = Html.ParseFragment(html);
            seen.AddRange(rows.RowIds(entity));
            url = rows.QuerySelector("tr[data-next]")?.GetAttribute("data-next");
        }

        Assert.Equal(5, expected.Count);
        Assert.Equal(expected, seen);
    }

    [Theory]
    [InlineData("_", "X")]
    [InlineData("%", "X")]
    [InlineData("\\", "X")]
    public async Task Search_text_with_LIKE_wildcards_matches_them_literally(string wildcard, string other)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var literal = $"Wild{wildcard}{tag}";
        foreach (var (code, name) in new[] { ($"W{tag}1", literal + " Ltd"), ($"W{tag}2", $"Wild{other}{tag} Ltd") })
        {
            await App.Database.ExecuteAsync(
                "INSERT INTO customers (code, name, created_at, updated_at) VALUES (@code, @name, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
                new { code, name });
        }
        var client = await App.SignInAsync();

        var html = await client.GetStringAsync($"/customers?q={Uri.EscapeDataString(literal)}");

        var expected = await App.Database.ScalarAsync<long>("SELECT id FROM customers WHERE code = @code", new { code = $"W{tag}1" });
        Assert.Equal([expected], Html.Parse(html).RowIds("customers"));
    }
}
