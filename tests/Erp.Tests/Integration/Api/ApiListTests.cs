using System.Net;
using System.Text.Json;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Api;

[Collection(ApiCollection.Name)]
public sealed class ApiListTests(ApiFixture fixture)
{
    private ErpApp App => fixture.App;

    public static TheoryData<string, string> Lists => new()
    {
        { "orders", "SELECT id FROM sales_orders" },
        { "orders?sort=total", "SELECT id FROM sales_orders" },
        { "orders?status=shipped", "SELECT id FROM sales_orders WHERE status = 'shipped'" },
        { "customers", "SELECT id FROM customers" },
        { "customers?sort=code", "SELECT id FROM customers" },
        { "products", "SELECT id FROM products" },
        { "products?sort=sku", "SELECT id FROM products" },
        { "invoices", "SELECT id FROM invoices" },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Walking_a_list_by_its_cursors_returns_every_row_exactly_once(string list, string allIds)
    {
        var client = await App.ApiClientAsync();
        var expected = (await App.Database.QueryAsync<long>(allIds)).Order().ToList();
        var seen = new List<long>();
        var url = $"/api/v1/{list}{(list.Contains('?') ? '&' : '?')}limit=7";
        string? cursor = null;
        var pages = 0;
        do
        {
            var response = await client.GetAsync(cursor is null ? url : $"{url}&cursor={Uri.EscapeDataString(cursor)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var body = await Api.JsonAsync(response);
            var data = body.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
            Assert.InRange(data.Count, 0, 7);
            seen.AddRange(data);
            cursor = body.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : body.GetProperty("next_cursor").GetString();
            Assert.Equal(cursor is not null, body.GetProperty("has_more").GetBoolean());
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.True(expected.Count > 7, $"{list}: too few rows for several pages");
        Assert.Equal(expected, seen.Order().ToList());
    }

    [Fact]
    public async Task Json_follows_the_contract_money_as_decimal_strings_times_in_utc_and_snake_case()
    {
        var client = await App.ApiClientAsync();

        var order = (await Api.JsonAsync(await client.GetAsync("/api/v1/orders?limit=1"))).GetProperty("data")[0];
        var invoice = (await Api.JsonAsync(await client.GetAsync("/api/v1/invoices?limit=1"))).GetProperty("data")[0];

        Assert.Matches(@"^\d+\.\d{2}$", order.GetProperty("total").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", order.GetProperty("order_date").GetString());
        Assert.Equal(JsonValueKind.Number, order.GetProperty("customer_id").ValueKind);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", invoice.GetProperty("due_date").GetString());
        Assert.Matches(@"^INV-\d{4}-\d{6}$", invoice.GetProperty("invoice_no").GetString());
    }

    [Fact]
    public async Task A_limit_above_200_is_a_400_problem_where_pages_clamp_it()
    {
        var client = await App.ApiClientAsync();

        var problem = await Api.ProblemAsync(await client.GetAsync("/api/v1/orders?limit=201"), HttpStatusCode.BadRequest);
        var atMax = await Api.JsonAsync(await client.GetAsync("/api/v1/orders?limit=200"));

        Assert.Contains("limit", problem.GetProperty("detail").GetString());
        Assert.Equal(200, atMax.GetProperty("data").GetArrayLength());
        await Api.ProblemAsync(await client.GetAsync("/api/v1/orders?limit=0"), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await (await App.SignInAsync()).GetAsync("/orders?limit=500")).StatusCode);
    }

    [Fact]
    public async Task Tampered_truncated_and_foreign_cursors_are_400_problems()
    {
        var client = await App.ApiClientAsync();
        var first = await Api.JsonAsync(await client.GetAsync("/api/v1/orders?limit=5"));
        var cursor = first.GetProperty("next_cursor").GetString()!;
        var customersCursor = (await Api.JsonAsync(await client.GetAsync("/api/v1/customers?limit=5"))).GetProperty("next_cursor").GetString()!;
        var flipped = (cursor[10] == 'A' ? 'B' : 'A');

        string[] bad =
        [
            $"/api/v1/orders?limit=5&cursor={cursor[..10]}{flipped}{cursor[11..]}",
            $"/api/v1/orders?limit=5&cursor={cursor[..^4]}",
            $"/api/v1/orders?limit=5&cursor={customersCursor}",
            $"/api/v1/orders?limit=5&sort=total&cursor={cursor}",
            $"/api/v1/orders?limit=5&status=draft&cursor={cursor}",
            "/api/v1/orders?cursor=%%%",
        ];
        foreach (var url in bad)
        {
            await Api.ProblemAsync(await client.GetAsync(url), HttpStatusCode.BadRequest);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/orders?limit=5&cursor={cursor}")).StatusCode);
    }

    [Fact]
    public async Task The_api_and_the_pages_share_their_signed_cursors()
    {
        var client = await App.ApiClientAsync();
        var cursor = (await Api.JsonAsync(await client.GetAsync("/api/v1/orders?limit=5"))).GetProperty("next_cursor").GetString()!;
        var second = await Api.JsonAsync(await client.GetAsync($"/api/v1/orders?limit=5&cursor={cursor}"));

        var page = await (await App.SignInAsync()).GetHtmlAsync($"/orders?limit=5&cursor={cursor}");

        var rows = page.QuerySelectorAll("[data-testid=orders-row]").Select(r => long.Parse(r.GetAttribute("data-id")!)).ToList();
        Assert.Equal(second.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()), rows);
    }

    [Fact]
    public async Task Unknown_filter_values_are_400_problems_with_the_pages_messages()
    {
        var client = await App.ApiClientAsync();

        var sort = await Api.ProblemAsync(await client.GetAsync("/api/v1/orders?sort=price"), HttpStatusCode.BadRequest);
        await Api.ProblemAsync(await client.GetAsync("/api/v1/orders?sort=total&from=2026-01-01"), HttpStatusCode.BadRequest);
        await Api.ProblemAsync(await client.GetAsync("/api/v1/invoices?status=late"), HttpStatusCode.BadRequest);
        await Api.ProblemAsync(await client.GetAsync("/api/v1/customers?sort=email"), HttpStatusCode.BadRequest);

        Assert.Equal("Unknown sort 'price'. Use one of: date, total.", sort.GetProperty("detail").GetString());
    }

    public static TheoryData<string, string> BackwardPositions => new()
    {
        { "orders", "before" }, { "orders", "at" }, { "customers", "before" }, { "customers", "at" },
        { "products", "before" }, { "products", "at" }, { "invoices", "before" }, { "invoices", "at" },
    };

    [Theory]
    [MemberData(nameof(BackwardPositions))]
    public async Task Before_and_at_are_400_problems_naming_the_parameter_not_a_silently_ignored_position(string list, string parameter)
    {
        var client = await App.ApiClientAsync();
        // A real position from the pages' own cursors: the refusal is about the parameter, not its value.
        var cursor = (await Api.JsonAsync(await client.GetAsync($"/api/v1/{list}?limit=2"))).GetProperty("next_cursor").GetString()!;

        var problem = await Api.ProblemAsync(await client.GetAsync($"/api/v1/{list}?limit=2&{parameter}={Uri.EscapeDataString(cursor)}"),
            HttpStatusCode.BadRequest);

        Assert.StartsWith($"'{parameter}' is not supported by the API", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }
}
