using System.Net;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Edge;

/// <summary>
/// Every page answer carries the security headers with an enforcing CSP, and the CSP's nonce is on
/// every script tag (src/Erp.Web/Security/SecurityHeaders.cs). Pages come from the app's own endpoints,
/// so a page merged later is checked too.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SecurityHeaderTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    /// <summary>The CSP as directive name → its sources.</summary>
    internal static Dictionary<string, string[]> Csp(HttpResponseMessage response)
    {
        var csp = Header(response, "Content-Security-Policy");
        Assert.NotNull(csp);
        return csp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..]);
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage response, string address)
    {
        Assert.Null(Header(response, "Content-Security-Policy-Report-Only"));
        var csp = Csp(response);
        Assert.Equal(["'self'"], csp["default-src"]);
        Assert.Contains("'self'", csp["script-src"]);
        Assert.Single(csp["script-src"], s => s.StartsWith("'nonce-", StringComparison.Ordinal));
        Assert.DoesNotContain(csp["script-src"], s => s.Contains("unsafe", StringComparison.Ordinal));
        Assert.Equal(["'self'"], csp["style-src"]);
        Assert.Equal(["'none'"], csp["object-src"]);
        Assert.Equal(["'none'"], csp["frame-ancestors"]);
        Assert.Equal(["'self'"], csp["base-uri"]);
        Assert.Equal(["'self'"], csp["form-action"]);
        Assert.Equal(["/csp-report"], csp["report-uri"]);
        Assert.True(Header(response, "X-Content-Type-Options") == "nosniff", address);
        Assert.True(Header(response, "Referrer-Policy") == "strict-origin-when-cross-origin", address);
        Assert.Contains("camera=()", Header(response, "Permissions-Policy") ?? "");
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Resource-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Null(Header(response, "X-Powered-By"));
    }

    [Fact]
    public async Task Every_page_as_either_role_carries_the_headers_and_a_nonce_on_every_script()
    {
        var checkedPages = 0;
        foreach (var client in new[] { await App.SignInAsync(), await App.SignInAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword), App.CreateAnonymousClient() })
        {
            foreach (var address in await MainPages.AddressesAsync(App, await App.SignInAsync()))
            {
                var response = await client.GetAsync(address);
                AssertSecurityHeaders(response, address);
                if (response.Content.Headers.ContentType?.MediaType != "text/html" || response.StatusCode == HttpStatusCode.Redirect)
                {
                    continue;
                }
                var nonce = Csp(response)["script-src"].Single(s => s.StartsWith("'nonce-", StringComparison.Ordinal))[7..^1];
                var document = await response.ReadHtmlAsync();
                var scripts = document.QuerySelectorAll("script");
                Assert.NotEmpty(scripts);
                Assert.All(scripts, s =>
                {
                    Assert.True(s.GetAttribute("nonce") == nonce, $"{address}: a script without the response's nonce");
                    Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), $"{address}: an inline script");
                });
                // No inline style or handler anywhere: the CSP would block them.
                Assert.Empty(document.QuerySelectorAll("style"));
                Assert.Empty(document.QuerySelectorAll("[style]"));
                Assert.DoesNotContain(document.QuerySelectorAll("*"), e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
                checkedPages++;
            }
        }
        Assert.True(checkedPages >= 30, $"only {checkedPages} page answers were checked");
    }

    [Fact]
    public async Task Each_answer_gets_its_own_nonce()
    {
        var client = App.CreateAnonymousClient();

        var first = Csp(await client.GetAsync("/login"))["script-src"];
        var second = Csp(await client.GetAsync("/login"))["script-src"];

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Static_files_health_checks_and_error_answers_carry_the_headers_too()
    {
        var client = await App.SignInAsync();

        foreach (var address in new[] { "/css/site.css", "/health/live", "/customers/999999999", "/orders?sort=nonsense" })
        {
            var response = await client.GetAsync(address);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.NotNull(Header(response, "Content-Security-Policy"));
        }
    }

    [Fact]
    public async Task A_csp_report_is_accepted_anonymously()
    {
        var response = await App.CreateAnonymousClient().PostAsync("/csp-report",
            new StringContent("""{"csp-report":{"document-uri":"http://localhost/","violated-directive":"script-src"}}""",
                System.Text.Encoding.UTF8, "application/csp-report"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Production_over_https_adds_hsts_and_development_does_not()
    {
        await using var production = await ErpApp.StartAsync(seedOrders: 0, environment: "Production");

        // The header is left off for localhost (a developer's browser would remember it for every local app).
        var https = await production.CreateClient(new() { BaseAddress = new Uri("https://erp.example"), AllowAutoRedirect = false }).GetAsync("/login");
        var development = await App.CreateAnonymousClient().GetAsync("/login");

        Assert.Equal("max-age=31536000; includeSubDomains", Header(https, "Strict-Transport-Security"));
        Assert.Null(Header(development, "Strict-Transport-Security"));
    }
}
