using System.Net;
using System.Text;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Api;

/// <summary>
/// Hostile text in every parameter of every /api route: SQL, HTML/script, CRLF, path traversal, very long text
/// and invalid UTF-8. Each is refused as a 4xx problem (free-text searches may also answer an empty list),
/// never a 500 and never a page, and changes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiInjectionTests(ApiFixture fixture)
{
    private ErpApp App => fixture.App;

    /// <summary>Already escaped for a URL where needed: CRLF and invalid UTF-8 travel percent-encoded.</summary>
    private static readonly string[] Hostile =
    [
        Uri.EscapeDataString("' OR '1'='1' -- "),
        Uri.EscapeDataString("1; DROP TABLE customers; --"),
        Uri.EscapeDataString("<script>alert(1)</script>"),
        "%0D%0ASet-Cookie:%20injected=1",
        Uri.EscapeDataString("../../../../etc/passwd"),
        "..%2F..%2F..%2Fetc%2Fpasswd",
        new string('A', 5000),
        "%FF%FE%C3%28",
        "%00",
    ];

    private static readonly string[] HostileHeaders =
    [
        "' OR '1'='1", "<script>alert(1)</script>", "../../etc/passwd", new string('A', 5000), "\"1\" , W/\"2\"", "\"-1\"", "\"99999999999999\"",
    ];

    public static TheoryData<string, string, bool> ListParameters => new()
    {
        { "orders", "cursor", false }, { "orders", "limit", false }, { "orders", "sort", false }, { "orders", "status", false },
        { "orders", "customer", false }, { "orders", "customer_code", true }, { "orders", "from", false }, { "orders", "to", false },
        { "customers", "cursor", false }, { "customers", "limit", false }, { "customers", "sort", false }, { "customers", "q", true },
        { "products", "cursor", false }, { "products", "limit", false }, { "products", "sort", false }, { "products", "q", true },
        { "invoices", "cursor", false }, { "invoices", "limit", false }, { "invoices", "status", false },
        { "invoices", "customer", false }, { "invoices", "customer_code", true },
    };

    [Theory]
    [MemberData(nameof(ListParameters))]
    public async Task Hostile_list_parameters_are_refused_as_problems(string list, string parameter, bool freeText)
    {
        var client = await App.ApiClientAsync();
        foreach (var value in Hostile)
        {
            var response = await client.GetAsync($"/api/v1/{list}?{parameter}={value}");

            if (freeText && response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal(0, (await Api.JsonAsync(response)).GetProperty("data").GetArrayLength());
                continue;
            }
            await Api.ProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
    }

    [Theory]
    [InlineData("GET", "/api/v1/customers/{0}")]
    [InlineData("GET", "/api/v1/products/{0}")]
    [InlineData("GET", "/api/v1/orders/{0}")]
    [InlineData("GET", "/api/v1/invoices/{0}")]
    [InlineData("POST", "/api/v1/orders/{0}/confirm")]
    [InlineData("POST", "/api/v1/orders/{0}/ship")]
    [InlineData("POST", "/api/v1/orders/{0}/cancel")]
    [InlineData("POST", "/api/v1/orders/{0}/invoice")]
    public async Task Hostile_ids_in_the_path_are_404_problems(string method, string route)
    {
        var client = await App.ApiClientAsync();
        // %00 stays out of the path: the in-memory test client refuses to send it (Kestrel answers such a request line 400 itself).
        foreach (var value in Hostile.Where(v => v != "%00").Append("-1").Append("0").Append("99999999999999999999999"))
        {
            var request = new HttpRequestMessage(new HttpMethod(method), string.Format(route, value));
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

            var response = await client.SendAsync(request);

            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {route} with {value[..Math.Min(value.Length, 40)]}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Hostile_if_match_if_none_match_and_idempotency_keys_are_problems_and_change_nothing()
    {
        var client = await App.ApiClientAsync();
        var (customer, _, _) = await fixture.Data.CustomerAsync();
        var (product, _) = await fixture.Data.ProductAsync(10m, 5);
        var order = await fixture.Data.DraftAsync(customer, (product, 1, null));
        var version = await fixture.Data.VersionAsync(order);

        foreach (var value in HostileHeaders)
        {
            var confirm = await client.SendAsync(Api.Post($"/api/v1/orders/{order}/confirm", ifMatch: value));
            Assert.True((int)confirm.StatusCode is 400 or 412, $"If-Match {value[..Math.Min(value.Length, 40)]}: {(int)confirm.StatusCode}");
            Assert.Equal("application/problem+json", confirm.Content.Headers.ContentType?.MediaType);

            var get = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{order}");
            get.Headers.TryAddWithoutValidation("If-None-Match", value);
            // A list of tags may name the current one ("2" in the list above): 304 is then right.
            Assert.True((await client.SendAsync(get)).StatusCode is HttpStatusCode.OK or HttpStatusCode.NotModified);

            var keyed = await client.SendAsync(Api.Post($"/api/v1/orders/{order}/cancel", ifMatch: "\"0\"", idempotencyKey: value));
            Assert.True((int)keyed.StatusCode is 400 or 412, $"Idempotency-Key {value[..Math.Min(value.Length, 40)]}: {(int)keyed.StatusCode}");
            Assert.Equal("application/problem+json", keyed.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal("draft", await fixture.Data.StatusAsync(order));
        Assert.Equal(version, await fixture.Data.VersionAsync(order));
    }

    public static TheoryData<string> HostileBodies => new()
    {
        """{"customer_id": "' OR 1=1 --", "lines": []}""",
        """{"customer_id": 1, "lines": [{"product_id": "<script>alert(1)</script>", "quantity": 1}]}""",
        """{"customer_id": 1, "lines": [{"product_id": 1, "quantity": "1; DROP TABLE products"}]}""",
        """{"customer_id": 1, "lines": [{"product_id": 1, "quantity": 1e99}]}""",
        """{"customer_id": -5, "lines": [{"product_id": -1, "quantity": -3}]}""",
        """{"customer_id": 1, "lines": "../../etc/passwd"}""",
        """{"customer_id": 1, "lines": [null]}""",
        "[1, 2, 3]",
        "null",
        "\"\\r\\nSet-Cookie: x=1\"",
        "{\"customer_id\": 1, \"lines\": [" + string.Join(",", Enumerable.Repeat("{\"product_id\": 1, \"quantity\": 1}", 101)) + "]}",
        "{\"customer_id\": \"" + new string('9', 100_000) + "\"}",
        "",
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Hostile_order_bodies_are_4xx_problems_and_create_nothing(string body)
    {
        var client = await App.ApiClientAsync();
        var before = await App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM sales_orders");

        var response = await client.PostAsync("/api/v1/orders", Api.Json(body));

        Assert.True((int)response.StatusCode is 400 or 422, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM sales_orders"));
    }

    [Fact]
    public async Task Invalid_utf8_and_hostile_credentials_in_bodies_are_4xx_problems()
    {
        var client = App.CreateAnonymousClient();
        var invalidUtf8 = new ByteArrayContent([.. "{\"email\": \""u8.ToArray(), 0xFF, 0xFE, 0xC3, 0x28, .. "\", \"password\": \"x\"}"u8.ToArray()]);
        invalidUtf8.Headers.ContentType = new("application/json");

        var token = await client.PostAsync("/api/v1/auth/token", invalidUtf8);
        Assert.Equal("application/problem+json", token.Content.Headers.ContentType?.MediaType);
        Assert.True((int)token.StatusCode is 400 or 401, $"{(int)token.StatusCode}");

        foreach (var (email, password) in new[]
                 {
                     ("' OR '1'='1' --", "' OR '1'='1' --"), ("<script>alert(1)</script>@x.y", "<b>"), ("../../etc/passwd", "x"),
                     ("a\r\nSet-Cookie: x=1", "x"), (new string('a', 5000), "x"), ("admin@erp.local", new string('p', 5000)),
                 })
        {
            var response = await App.PostTokenAsync(email, password);
            Assert.True((int)response.StatusCode is 401 or 422, $"{email[..Math.Min(email.Length, 30)]}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
        var bytes = new ByteArrayContent([0xFF, 0xFE, 0x00, 0x7B]);
        bytes.Headers.ContentType = new("application/json");
        var apiClient = await App.ApiClientAsync();
        await Api.ProblemAsync(await apiClient.PostAsync("/api/v1/orders", bytes), HttpStatusCode.BadRequest);
        await Api.ProblemAsync(await apiClient.PostAsync("/api/v1/orders", new StringContent("{}", Encoding.UTF8, "text/html")),
            HttpStatusCode.UnsupportedMediaType);
    }
}
