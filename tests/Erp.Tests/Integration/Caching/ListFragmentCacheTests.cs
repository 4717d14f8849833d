using System.Net;
using AngleSharp.Html.Parser;
using Erp.Data.Users;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Caching;

/// <summary>
/// Rendered first pages (src/Erp.Web/Caching/ListFragmentCache.cs, ADR 0010): a list's first-page htmx
/// fragment is answered from the cache (the output cache's <c>Age</c> header says so) with fresh
/// per-response headers, and only that: no deep page, no filter the data layer does not cache, no full page,
/// no refusal, no other role's entry. Freshness after writes: TwoHostFreshnessTests.
/// </summary>
public sealed class ListFragmentCacheTests(ErpAppFixture fixture) : IClassFixture<ErpAppFixture>
{
    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, bool htmx = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }
        return await client.SendAsync(request);
    }

    private static bool FromCache(HttpResponseMessage response) => response.Headers.Age is not null;

    private static string Nonce(HttpResponseMessage response) =>
        response.Headers.GetValues("Content-Security-Policy").Single().Split('\'').Single(p => p.StartsWith("nonce-", StringComparison.Ordinal));

    [Theory]
    [InlineData("/orders")]
    [InlineData("/orders?sort=total&status=confirmed")]
    [InlineData("/customers")]
    [InlineData("/products?sort=sku")]
    [InlineData("/invoices")]
    public async Task A_first_page_fragment_is_answered_from_the_cache_the_second_time_with_its_own_headers(string url)
    {
        var client = await fixture.App.SignInAsync();
        var first = await GetAsync(client, url);
        var second = await GetAsync(client, url);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(FromCache(second), $"{url}: the second fragment was rendered again");
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("0", second.Headers.GetValues("X-Db-Commands").Single());
        // Headers are made per response, not replayed: a replayed CSP nonce would be reusable.
        Assert.NotEqual(Nonce(first), Nonce(second));
        Assert.Single(second.Headers.GetValues("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("/orders?from=2026-01-01")] // a date range is read each time by the data layer
    [InlineData("/customers?q=C0")] // so is a text prefix
    [InlineData("/orders?sort=bogus")] // a refusal (400)
    [InlineData("/orders?customer=1")] // one rendered page per customer would be unbounded
    [InlineData("/orders?limit=050")] // and so would every spelling of a page size the page clamps to the same page
    [InlineData("/orders?limit=+50")]
    [InlineData("/orders?limit=999")]
    public async Task Pages_the_data_layer_reads_each_time_are_rendered_each_time(string url)
    {
        var client = await fixture.App.SignInAsync();
        await GetAsync(client, url);
        Assert.False(FromCache(await GetAsync(client, url)), url);
    }

    [Fact]
    public async Task Deep_pages_and_full_pages_are_rendered_each_time()
    {
        var client = await fixture.App.SignInAsync();
        var html = await (await GetAsync(client, "/orders")).Content.ReadAsStringAsync();
        var rows = await new HtmlParser().ParseDocumentAsync($"<table><tbody>{html}</tbody></table>");
        var next = rows.QuerySelector("tr[data-next]")?.GetAttribute("data-next");
        Assert.NotNull(next);

        await GetAsync(client, next);
        Assert.False(FromCache(await GetAsync(client, next)), "a cursor page came from the rendered cache");

        await GetAsync(client, "/orders", htmx: false);
        Assert.False(FromCache(await GetAsync(client, "/orders", htmx: false)), "the full page came from the rendered cache");
    }

    [Fact]
    public async Task Each_role_has_its_own_rendered_entry_and_a_signed_out_client_gets_none()
    {
        var admin = await fixture.App.SignInAsync();
        var employee = await fixture.App.SignInAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        const string url = "/customers?sort=code&limit=17";

        await GetAsync(admin, url);
        Assert.True(FromCache(await GetAsync(admin, url)));
        Assert.False(FromCache(await GetAsync(employee, url)), "the employee got the admin's rendered page");

        var anonymous = fixture.App.CreateAnonymousClient();
        var refused = await GetAsync(anonymous, url);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.False(FromCache(refused));
    }

    [Fact]
    public async Task Rendered_pages_stay_in_the_node_s_memory_and_never_reach_Redis()
    {
        var client = await fixture.App.SignInAsync();
        await GetAsync(client, "/products");
        Assert.True(FromCache(await GetAsync(client, "/products")));

        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestDatabase.RedisConnectionString);
        var server = redis.GetServers().Single();
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: $"*{fixture.App.CacheKeyPrefix}*"))
        {
            keys.Add(key.ToString());
        }
        Assert.Contains(keys, k => k.Contains("list:products", StringComparison.Ordinal)); // the rows are in Redis (L2)
        Assert.DoesNotContain(keys, k => k.Contains("fragment:", StringComparison.Ordinal)); // their rendering is not
    }

    [Fact]
    public async Task Without_the_cache_nothing_is_answered_from_it()
    {
        await using var app = await ErpApp.StartAsync(seedOrders: 20, configure: b => b.UseSetting("Cache:Enabled", "false"));
        var client = await app.SignInAsync();
        await GetAsync(client, "/orders");
        var second = await GetAsync(client, "/orders");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(FromCache(second));
    }
}
