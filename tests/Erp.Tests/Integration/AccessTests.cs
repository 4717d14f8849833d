using System.Net;
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
        var html = await client.GetStringAsync("/orders");

        Assert.Contains("<meta name=\"htmx-config\"", html);
        Assert.Contains("&quot;historyCacheSize&quot;:0", html);
        Assert.Contains("&quot;allowEval&quot;:false", html);
        Assert.Contains("&quot;includeIndicatorStyles&quot;:false", html);
        Assert.Contains("hx-headers=\"{&quot;RequestVerificationToken&quot;:", html);
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
        Assert.DoesNotContain(" style=", html);
        Assert.DoesNotMatch("\\son[a-z]+=", html);
    }
}
