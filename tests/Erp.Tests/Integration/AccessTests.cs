using System.Net;
using System.Text.Json;
using Erp.Tests.Support;

namespace Erp.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class AccessTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    [Theory]
    [InlineData("/orders")]
    [InlineData("/customers")]
    [InlineData("/")]
    public async Task Anonymous_page_request_is_redirected_to_login_with_return_url(string path)
    {
        var response = await App.CreateAnonymousClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Contains("/login?returnUrl=" + Uri.EscapeDataString(path), location);
    }

    [Fact]
    public async Task Anonymous_htmx_request_gets_401_and_HX_Redirect_instead_of_a_login_page()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.Add("HX-Request", "true");

        var response = await App.CreateAnonymousClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("/login", response.Headers.GetValues("HX-Redirect").Single());
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/css/site.css")]
    [InlineData("/favicon.svg")]
    [InlineData("/lib/htmx/htmx.min.js")]
    [InlineData("/health/live")]
    public async Task Login_static_assets_and_health_are_anonymous(string path)
    {
        var response = await App.CreateAnonymousClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_check_reports_database_migrated_and_redis_reachable()
    {
        var response = await App.CreateAnonymousClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Layout_carries_htmx_config_and_antiforgery_header_without_inline_script_or_style()
    {
        var client = await App.SignInAsync();
        var page = await client.GetHtmlAsync("/orders");

        var config = JsonDocument.Parse(Assert.Single(page.QuerySelectorAll("meta[name=htmx-config]")).GetAttribute("content")!).RootElement;
        Assert.Equal(0, config.GetProperty("historyCacheSize").GetInt32());
        Assert.False(config.GetProperty("allowEval").GetBoolean());
        Assert.False(config.GetProperty("includeIndicatorStyles").GetBoolean());
        var headers = JsonDocument.Parse(page.Body!.GetAttribute("hx-headers")!).RootElement;
        Assert.False(string.IsNullOrEmpty(headers.GetProperty("RequestVerificationToken").GetString()));
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
        Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData("/orders/999999999")]
    [InlineData("/customers/999999999")]
    [InlineData("/products/999999999/edit")]
    [InlineData("/invoices/999999999")]
    public async Task An_unknown_record_is_a_404_page_with_a_way_back(string path)
    {
        var client = await App.SignInAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("Not found", page.ByRole("heading")?.ReadText());
        Assert.Equal("/orders", page.ByRole("link", "Go to the orders")?.GetAttribute("href"));
    }

    [Fact]
    public async Task An_unknown_record_asked_by_htmx_stays_a_bare_404()
    {
        var client = await App.SignInAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders/999999999");
        request.Headers.Add("HX-Request", "true");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_post_to_a_page_without_a_post_handler_is_a_404_and_changes_nothing()
    {
        var client = await App.SignInAsync();
        var id = await App.Database.ScalarAsync<long>("SELECT MIN(id) FROM customers");
        var name = await App.Database.ScalarAsync<string>("SELECT name FROM customers WHERE id = @id", new { id });
        var token = await ErpApp.AntiforgeryTokenAsync(client, $"/customers/{id}");

        var response = await client.PostAsync($"/customers/{id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Name"] = "Ghost Ltd",
        }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(name, await App.Database.ScalarAsync<string>("SELECT name FROM customers WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task A_form_post_without_antiforgery_token_gets_a_400_page()
    {
        var client = await App.SignInAsync();

        var response = await client.PostAsync("/customers/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "X" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("reload the page", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/customers", "Customers")]
    [InlineData("/customers/new", "Customers")]
    [InlineData("/admin/users", "Users")]
    [InlineData("/admin/audit", "Audit")]
    [InlineData("/admin/audit/verify", "Audit")]
    public async Task The_navigation_marks_the_current_section(string path, string link)
    {
        var client = await App.SignInAsync();

        var page = await client.GetHtmlAsync(path);

        var current = Assert.Single(page.QuerySelectorAll("[aria-current]"));
        Assert.Equal("page", current.GetAttribute("aria-current"));
        Assert.Same(current, page.ByRole("navigation", "Main")?.ByRole("link", link));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/admin/jobs")]
    public async Task A_page_outside_the_navigation_marks_no_section(string path)
    {
        var client = await App.SignInAsync();

        var page = await client.GetHtmlAsync(path);

        Assert.NotNull(page.ByRole("navigation", "Main"));
        Assert.Empty(page.QuerySelectorAll("[aria-current]"));
    }
}
